package org.govshare.connector.plan;

import static java.util.Objects.requireNonNull;

import org.govshare.schema.catalog.Comparison;

/**
 * One claim checked by the source: does {@code field} compare to the bound value as {@code comparison} says? The
 * source answers 1 or 0; the value of the field never leaves it. Strings compare trimmed.
 */
public record ClaimTest(String field, Comparison comparison) {
    public ClaimTest {
        requireNonNull(field, "field is null");
        requireNonNull(comparison, "comparison is null");
    }
}
