package org.govshare.connector.plan;

import static java.util.Objects.requireNonNull;

/**
 * A condition on a column field that every returned record must meet, given by the access decision (row filters).
 * Its value is bound as a parameter like any other; for {@code STARTS_WITH} the slot takes
 * {@link #startsWithPattern(String)}.
 */
public record RowCondition(String field, Operator operator) implements Comparable<RowCondition> {
    /** The comparisons a row condition may render. */
    public enum Operator {
        EQUALS,
        STARTS_WITH
    }

    public RowCondition {
        requireNonNull(field, "field is null");
        requireNonNull(operator, "operator is null");
    }

    /**
     * The LIKE pattern for a prefix. Prefixes are restricted to letters and digits, so no LIKE wildcard or escape
     * character can reach the pattern.
     */
    public static String startsWithPattern(String prefix) {
        if (prefix.isEmpty() || !prefix.chars().allMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException("a STARTS_WITH prefix must be letters and digits");
        }
        return prefix + "%";
    }

    @Override
    public int compareTo(RowCondition other) {
        int byField = field.compareTo(other.field);
        return byField != 0 ? byField : operator.compareTo(other.operator);
    }
}
