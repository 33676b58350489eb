package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

/** A table of a registered source. */
public record SourceTable(String source, String table) {
    public SourceTable {
        requireNonNull(source, "source is null");
        requireNonNull(table, "table is null");
    }

    @Override
    public String toString() {
        return source + "." + table;
    }
}
