package org.govshare.policy.model;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import org.govshare.schema.catalog.Comparison;

/**
 * A VERIFY grant's binding of the comparison itself: claims about {@code field} may be made only as {@code comparison}
 * against exactly {@code value} ({@code IncomeRecord.annualIncome AT_MOST 50000} for a pension window that needs to
 * know "income at most 50,000" and nothing else). Any other comparison or value is refused, so a bound claim answers
 * one fixed question per record and cannot be bisected. Values are written as the claims input takes them: a decimal
 * number, an ISO date, or the text of a string, enum or boolean.
 */
public record ClaimBinding(FieldCoordinate field, Comparison comparison, String value) {
    private static final int MAXIMUM_VALUE_LENGTH = 200;

    public ClaimBinding {
        requireNonNull(field, "field is null");
        requireNonNull(comparison, "comparison is null");
        requireNonNull(value, "value is null");
        if (value.isBlank() || value.length() > MAXIMUM_VALUE_LENGTH || !value.equals(value.strip())) {
            throw new IllegalArgumentException("a claim binding needs a value of 1 to " + MAXIMUM_VALUE_LENGTH
                    + " characters, without spaces around it");
        }
    }

    /**
     * Whether a claim of {@code claimed} with this (checked, normalised) value is the bound one: numbers compare by
     * value ({@code 50000} is {@code 50000.00}), everything else by its text.
     */
    public boolean admits(Comparison claimed, Object claimedValue) {
        requireNonNull(claimed, "claimed is null");
        requireNonNull(claimedValue, "claimedValue is null");
        if (claimed != comparison) {
            return false;
        }
        if (claimedValue instanceof Number number) {
            try {
                return new BigDecimal(value).compareTo(new BigDecimal(number.toString())) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return value.equals(claimedValue.toString());
    }

    @Override
    public String toString() {
        return field + " " + comparison + " " + value;
    }
}
