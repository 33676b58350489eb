package org.govshare.policy.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;

/**
 * One field an operation would use, how (READ to select, VERIFY to claim), and where in the document: the response
 * path of the selection, and for a claim also its path within the claims argument ({@code pension.retired}).
 */
public record FieldUse(FieldCoordinate field, Access access, List<Object> path, Optional<String> claim) {
    public FieldUse {
        requireNonNull(field, "field is null");
        requireNonNull(access, "access is null");
        path = List.copyOf(path);
        requireNonNull(claim, "claim is null");
    }

    /** A selected field. */
    public FieldUse(FieldCoordinate field, Access access, List<Object> path) {
        this(field, access, path, Optional.empty());
    }
}
