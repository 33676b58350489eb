package org.govshare.policy.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.govshare.policy.model.FieldCoordinate;

/** A field use no active grant covers; {@code reason} is for the audit trail and explain, not for the caller. */
public record DeniedField(FieldCoordinate field, List<Object> path, String reason) {
    public DeniedField {
        requireNonNull(field, "field is null");
        path = List.copyOf(path);
        requireNonNull(reason, "reason is null");
    }
}
