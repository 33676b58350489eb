package org.govshare.schema.catalog;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks that every table and column the catalog binds exists at its source; the first defect stops start-up. */
public final class CatalogBindingCheck {
    private CatalogBindingCheck() {}

    public static void verify(Catalog catalog, SourceMetadata metadata) {
        for (CatalogType type : catalog.types().values()) {
            Set<String> columns = metadata
                    .columns(type.table())
                    .orElseThrow(() -> new CatalogException(
                            type.location(), "type " + type.name() + " is bound to unknown table " + type.table()))
                    .stream()
                    .map(column -> column.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toSet());
            for (CatalogField field : type.fields().values()) {
                if (field instanceof ColumnField column) {
                    requireColumn(columns, column.column(), type, column.location(), type.name() + "." + column.name());
                } else if (field instanceof RelationField relation) {
                    for (String name : relation.columns()) {
                        requireColumn(columns, name, type, relation.location(), type.name() + "." + relation.name());
                    }
                }
            }
        }
    }

    private static void requireColumn(
            Set<String> columns, String column, CatalogType type, Location location, String coordinate) {
        if (!columns.contains(column.toLowerCase(Locale.ROOT))) {
            throw new CatalogException(
                    location, coordinate + " is bound to unknown column " + column + " of table " + type.table());
        }
    }
}
