package org.govshare.policy.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.govshare.policy.model.FieldCoordinate;

/**
 * A field use no active grant covers, where it is (response path, and the claim's path for a claim);
 * {@code reason} is for the audit trail and explain, not for the caller.
 */
public record DeniedField(FieldCoordinate field, List<Object> path, Optional<String> claim, String reason) {
    public DeniedField {
        requireNonNull(field, "field is null");
        path = List.copyOf(path);
        requireNonNull(claim, "claim is null");
        requireNonNull(reason, "reason is null");
    }
}
