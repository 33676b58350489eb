package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A table as its source describes it (JDBC metadata): its name, the database it lives in (to find one table shared
 * under two source names), its columns with their JDBC types, its indexes with their columns in index order, and
 * whether it is a view (whose indexes are its tables', which the metadata does not show).
 */
public record TableDescription(
        String name, String database, Map<String, Column> columns, List<Index> indexes, boolean view) {
    /** A column: its name as the source spells it, its {@link java.sql.Types JDBC type} and the source's type name. */
    public record Column(String name, int jdbcType, String typeName) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(typeName, "typeName is null");
        }
    }

    /** An index (or the primary key): its columns in index order, in lower case. */
    public record Index(String name, List<String> columns, boolean unique) {
        public Index {
            requireNonNull(name, "name is null");
            columns = columns.stream()
                    .map(column -> column.toLowerCase(Locale.ROOT))
                    .toList();
        }
    }

    /** A table (not a view). */
    public TableDescription(String name, String database, Map<String, Column> columns, List<Index> indexes) {
        this(name, database, columns, indexes, false);
    }

    public TableDescription {
        requireNonNull(name, "name is null");
        requireNonNull(database, "database is null");
        Map<String, Column> byLowerName = new LinkedHashMap<>();
        columns.values().forEach(column -> byLowerName.put(column.name().toLowerCase(Locale.ROOT), column));
        columns = Collections.unmodifiableMap(byLowerName);
        indexes = List.copyOf(indexes);
    }

    /** The column of that name, in any letter case. */
    public Optional<Column> column(String columnName) {
        return Optional.ofNullable(columns.get(columnName.toLowerCase(Locale.ROOT)));
    }

    /** Whether an index begins with exactly these columns, in any order (an equality lookup on them can use it). */
    public boolean hasIndexLeadingWith(java.util.Set<String> leading) {
        java.util.Set<String> wanted = new java.util.HashSet<>();
        leading.forEach(column -> wanted.add(column.toLowerCase(Locale.ROOT)));
        return indexes.stream()
                .anyMatch(index -> index.columns().size() >= wanted.size()
                        && new java.util.HashSet<>(index.columns().subList(0, wanted.size())).equals(wanted));
    }
}
