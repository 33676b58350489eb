package org.govshare.connector.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Checks claims about the record whose {@code matchFields} equal given values, at its source (核验): each result row
 * holds one column per claim, 1 when it holds and 0 otherwise, in the order of {@code claims}, then the local key
 * columns of {@code relations} (for claims about related records on other sources). No field value is returned.
 * Row conditions of the caller's grants apply: a record outside them is not found.
 *
 * <p>Slots: one value per match field, then one per claim, then one per row condition.
 *
 * <p>Made with {@link #of} and the withers: {@code ClaimCheckShape.of("Resident", keyFields, claims)
 * .readingRelations(relations).where(conditions)}.
 */
public record ClaimCheckShape(
        String type,
        List<String> matchFields,
        List<ClaimTest> claims,
        List<String> relations,
        List<RowCondition> conditions)
        implements ReadShape {
    public ClaimCheckShape {
        requireNonNull(type, "type is null");
        matchFields = List.copyOf(matchFields);
        claims = List.copyOf(claims);
        relations = ReadShape.normalized(relations, List.of());
        conditions = List.copyOf(conditions);
        if (matchFields.isEmpty()) {
            throw new IllegalArgumentException("a claim check needs match fields");
        }
    }

    /** The claims about the record whose {@code matchFields} equal given values, under no row condition yet. */
    public static ClaimCheckShape of(String type, List<String> matchFields, List<ClaimTest> claims) {
        return new ClaimCheckShape(type, matchFields, claims, List.of(), List.of());
    }

    /** The same check, also returning the local key columns of these relations (claims about related records). */
    public ClaimCheckShape readingRelations(List<String> relationNames) {
        return new ClaimCheckShape(type, matchFields, claims, relationNames, conditions);
    }

    /** The same check under the caller's row conditions. */
    public ClaimCheckShape where(List<RowCondition> rowConditions) {
        return new ClaimCheckShape(type, matchFields, claims, relations, rowConditions);
    }

    /** Claim checks return no field values. */
    @Override
    public List<String> fields() {
        return List.of();
    }

    @Override
    public List<ColumnMask> masks() {
        return List.of();
    }

    @Override
    public int slotCount() {
        return matchFields.size() + claims.size() + conditions.size();
    }
}
