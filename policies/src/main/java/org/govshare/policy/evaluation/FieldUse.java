package org.govshare.policy.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;

/** One field an operation would use, how (READ to select, VERIFY to claim), and where in the document. */
public record FieldUse(FieldCoordinate field, Access access, List<Object> path) {
    public FieldUse {
        requireNonNull(field, "field is null");
        requireNonNull(access, "access is null");
        path = List.copyOf(path);
    }
}
