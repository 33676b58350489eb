package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A keyed catalog type (a resource of the 目录): one table of one source, the department that keeps it and how often
 * it changes, its key fields, and its fields in declaration order.
 */
public record CatalogType(
        String name,
        SourceTable table,
        String provider,
        Optional<UpdateFrequency> updateFrequency,
        List<String> keyFields,
        Map<String, CatalogField> fields,
        Optional<String> description,
        Location location) {
    public CatalogType {
        requireNonNull(name, "name is null");
        requireNonNull(table, "table is null");
        requireNonNull(provider, "provider is null");
        requireNonNull(updateFrequency, "updateFrequency is null");
        keyFields = List.copyOf(keyFields);
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        requireNonNull(description, "description is null");
        requireNonNull(location, "location is null");
    }

    public Optional<CatalogField> field(String fieldName) {
        return Optional.ofNullable(fields.get(fieldName));
    }

    /** The column field of that name; the catalog parser guarantees key fields are column fields. */
    public ColumnField columnField(String fieldName) {
        if (fields.get(fieldName) instanceof ColumnField column) {
            return column;
        }
        throw new IllegalArgumentException(name + " has no column field " + fieldName);
    }

    /** The key fields as column fields, in key order (on every keyed read: a loop, not a stream). */
    public List<ColumnField> keyColumns() {
        if (keyFields.size() == 1) {
            return List.of(columnField(keyFields.get(0)));
        }
        ColumnField[] columns = new ColumnField[keyFields.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = columnField(keyFields.get(i));
        }
        return List.of(columns);
    }

    public String source() {
        return table.source();
    }
}
