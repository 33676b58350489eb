package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

/**
 * One claim a verification can make about a column field of a keyed type: {@code name} is the claims input field
 * ({@code birthDateAtMost}), {@code field} the catalog field it is about ({@code birthDate}).
 */
public record Claim(String name, String field, Comparison comparison) {
    public Claim {
        requireNonNull(name, "name is null");
        requireNonNull(field, "field is null");
        requireNonNull(comparison, "comparison is null");
    }
}
