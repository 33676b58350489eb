package org.govshare.policy.model;

import static java.util.Objects.requireNonNull;

/**
 * A condition every record of {@code type} must meet to be visible under a grant, e.g. {@code Resident.regionCode
 * STARTS_WITH "4419"} for a district's return flow (回流). Row filters are data; connectors render them into the
 * source SQL with the value as a parameter.
 */
public record RowFilter(FieldCoordinate field, Operator operator, String value) {
    /** The comparisons a row filter may use. */
    public enum Operator {
        EQUALS,
        STARTS_WITH
    }

    public RowFilter {
        requireNonNull(field, "field is null");
        requireNonNull(operator, "operator is null");
        requireNonNull(value, "value is null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("row filter value is empty");
        }
    }

    @Override
    public String toString() {
        return field + " " + operator + " '" + value + "'";
    }
}
