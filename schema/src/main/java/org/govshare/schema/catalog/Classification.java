package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

/** Sensitivity level and category of a catalog item. */
public record Classification(Level level, String category) {
    public Classification {
        requireNonNull(level, "level is null");
        requireNonNull(category, "category is null");
    }
}
