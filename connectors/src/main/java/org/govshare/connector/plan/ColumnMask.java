package org.govshare.connector.plan;

import static java.util.Objects.requireNonNull;

/**
 * A fixed-width value returned masked by the source itself: the first {@code keepFirst} and last {@code keepLast}
 * characters stay, the {@code hidden} characters between become {@code *} (an ID number: 6, 12, 0 gives
 * {@code 441900************}). The unmasked value then never leaves the source.
 */
public record ColumnMask(String field, int keepFirst, int hidden, int keepLast) implements Comparable<ColumnMask> {
    public ColumnMask {
        requireNonNull(field, "field is null");
        if (keepFirst < 0 || hidden < 1 || keepLast < 0) {
            throw new IllegalArgumentException("mask widths out of range");
        }
    }

    @Override
    public int compareTo(ColumnMask other) {
        return field.compareTo(other.field);
    }
}
