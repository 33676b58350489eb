package org.govshare.policy.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.Comparison;

/**
 * One field an operation would use, how (READ to select, VERIFY to claim), and where in the document: the response
 * path of the selection, and for a claim also its path within the claims argument ({@code pension.retired}) and how it
 * compares ({@code EQUALS}, {@code AT_MOST} …; empty for a claim that only leads to a related record).
 */
public record FieldUse(
        FieldCoordinate field,
        Access access,
        List<Object> path,
        Optional<String> claim,
        Optional<Comparison> comparison) {
    public FieldUse {
        requireNonNull(field, "field is null");
        requireNonNull(access, "access is null");
        path = List.copyOf(path);
        requireNonNull(claim, "claim is null");
        requireNonNull(comparison, "comparison is null");
    }

    /** A use without a comparison: a selected field, or a claim that leads to a related record. */
    public FieldUse(FieldCoordinate field, Access access, List<Object> path, Optional<String> claim) {
        this(field, access, path, claim, Optional.empty());
    }

    /** A selected field. */
    public FieldUse(FieldCoordinate field, Access access, List<Object> path) {
        this(field, access, path, Optional.empty());
    }

    /** A claim about {@code field} at {@code claim} in the claims argument, compared as {@code comparison}. */
    public static FieldUse claim(FieldCoordinate field, List<Object> path, String claim, Comparison comparison) {
        return new FieldUse(field, Access.VERIFY, path, Optional.of(claim), Optional.of(comparison));
    }
}
