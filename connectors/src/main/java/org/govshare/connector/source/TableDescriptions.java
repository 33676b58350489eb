package org.govshare.connector.source;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.govshare.schema.catalog.TableDescription;
import org.jspecify.annotations.Nullable;

/**
 * Reads a table's description from JDBC {@link DatabaseMetaData}: the same calls on every engine (PostgreSQL, MariaDB,
 * H2), so the catalog check needs nothing engine-specific.
 */
final class TableDescriptions {
    private TableDescriptions() {}

    static Optional<TableDescription> describe(
            DatabaseMetaData metadata, @Nullable String catalog, @Nullable String schema, String table)
            throws SQLException {
        String name = null;
        boolean view = false;
        try (ResultSet tables = metadata.getTables(catalog, schema, null, null)) {
            while (tables.next()) {
                String found = tables.getString("TABLE_NAME");
                String type = String.valueOf(tables.getString("TABLE_TYPE")).toUpperCase(Locale.ROOT);
                if (!type.contains("TABLE") && !type.contains("VIEW")) {
                    continue;
                }
                if (found.equals(table) || (name == null && found.equalsIgnoreCase(table))) {
                    name = found;
                    view = type.contains("VIEW");
                }
            }
        }
        if (name == null) {
            return Optional.empty();
        }
        Map<String, TableDescription.Column> columns = new LinkedHashMap<>();
        try (ResultSet rows = metadata.getColumns(catalog, schema, escaped(metadata, name), "%")) {
            while (rows.next()) {
                if (name.equals(rows.getString("TABLE_NAME"))) {
                    String column = rows.getString("COLUMN_NAME");
                    columns.put(
                            column,
                            new TableDescription.Column(
                                    column, rows.getInt("DATA_TYPE"), String.valueOf(rows.getString("TYPE_NAME"))));
                }
            }
        }
        List<TableDescription.Index> indexes = new ArrayList<>();
        if (!view) {
            indexes.addAll(indexes(metadata, catalog, schema, name));
        }
        return Optional.of(new TableDescription(name, database(metadata, catalog, schema), columns, indexes, view));
    }

    private static List<TableDescription.Index> indexes(
            DatabaseMetaData metadata, @Nullable String catalog, @Nullable String schema, String table)
            throws SQLException {
        Map<String, TreeMap<Integer, String>> columns = new LinkedHashMap<>();
        Map<String, Boolean> unique = new LinkedHashMap<>();
        java.util.Set<String> expressions = new java.util.HashSet<>();
        try (ResultSet rows = metadata.getIndexInfo(catalog, schema, table, false, true)) {
            while (rows.next()) {
                String index = rows.getString("INDEX_NAME");
                if (index == null || rows.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic) {
                    continue;
                }
                String column = rows.getString("COLUMN_NAME");
                if (column == null) {
                    // An expression index: no plain column lookup can use it.
                    expressions.add(index);
                    continue;
                }
                columns.computeIfAbsent(index, key -> new TreeMap<>())
                        .put((int) rows.getShort("ORDINAL_POSITION"), column);
                unique.put(index, !rows.getBoolean("NON_UNIQUE"));
            }
        }
        List<TableDescription.Index> indexes = new ArrayList<>();
        columns.forEach((index, ordered) -> {
            if (!expressions.contains(index)) {
                indexes.add(new TableDescription.Index(
                        index, List.copyOf(ordered.values()), unique.getOrDefault(index, false)));
            }
        });
        TreeMap<Integer, String> key = new TreeMap<>();
        String keyName = "primary key";
        try (ResultSet rows = metadata.getPrimaryKeys(catalog, schema, table)) {
            while (rows.next()) {
                key.put((int) rows.getShort("KEY_SEQ"), rows.getString("COLUMN_NAME"));
                if (rows.getString("PK_NAME") != null) {
                    keyName = rows.getString("PK_NAME");
                }
            }
        }
        if (!key.isEmpty()) {
            indexes.add(new TableDescription.Index(keyName, List.copyOf(key.values()), true));
        }
        return indexes;
    }

    /**
     * Which database the table lives in, to find one table reached through two source names: the connection's URL
     * without its parameters (where credentials may be), and the catalog and schema.
     */
    private static String database(DatabaseMetaData metadata, @Nullable String catalog, @Nullable String schema)
            throws SQLException {
        String url = String.valueOf(metadata.getURL());
        int parameters = indexOfAny(url, '?', ';');
        String base = (parameters < 0 ? url : url.substring(0, parameters)).toLowerCase(Locale.ROOT);
        return base + "|" + catalog + "|" + schema;
    }

    private static int indexOfAny(String text, char... characters) {
        int first = -1;
        for (char character : characters) {
            int at = text.indexOf(character);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    /** The table name as a metadata search pattern: its wildcards escaped. */
    private static String escaped(DatabaseMetaData metadata, String name) throws SQLException {
        String escape = metadata.getSearchStringEscape();
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
