package org.govshare.gateway.read;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.govshare.policy.model.FieldCoordinate;

/**
 * One field an operation executes, as the access decision's field walk saw it: its path of result keys (aliases, no
 * list indices), its coordinate and its arguments. The planner works from these, so that the decision, the source
 * queries that run and {@code explain} all rest on one walk.
 */
public record OperationField(List<Object> path, FieldCoordinate coordinate, Map<String, Object> arguments) {
    public OperationField {
        path = List.copyOf(path);
        requireNonNull(coordinate, "coordinate is null");
        requireNonNull(arguments, "arguments is null");
    }
}
