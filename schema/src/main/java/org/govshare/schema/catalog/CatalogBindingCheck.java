package org.govshare.schema.catalog;

import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks a catalog against its live sources and reports every problem with the SDL file and line that causes it: each
 * bound table exists; each bound column exists and its type can hold the field's GraphQL type; an index begins with
 * every lookup key, with the key prefix of every list relation and with the filters of every listing (a lookup without
 * one scans the table; a view's indexes are its tables', which the metadata does not show, so views are not checked
 * for them); and no table is shared twice, under two types or two source names of one database (一数一源).
 */
public final class CatalogBindingCheck {
    private static final Set<Integer> CHARACTERS = Set.of(
            Types.CHAR,
            Types.VARCHAR,
            Types.LONGVARCHAR,
            Types.NCHAR,
            Types.NVARCHAR,
            Types.LONGNVARCHAR,
            Types.CLOB,
            Types.NCLOB);
    private static final Set<Integer> INTEGERS = Set.of(Types.INTEGER, Types.SMALLINT, Types.TINYINT);
    private static final Set<Integer> NUMBERS =
            Set.of(Types.DECIMAL, Types.NUMERIC, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.BIGINT);
    // MariaDB reports BOOLEAN (tinyint(1)) as BIT or TINYINT depending on the driver's settings.
    private static final Set<Integer> BOOLEANS = Set.of(Types.BOOLEAN, Types.BIT, Types.TINYINT);

    private CatalogBindingCheck() {}

    /** Throws a {@link CatalogException} with every problem found, if any. */
    public static void verify(Catalog catalog, SourceMetadata metadata) {
        List<CatalogProblem> problems = problems(catalog, metadata);
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
    }

    /** Every problem of the catalog against the sources as they are now. */
    public static List<CatalogProblem> problems(Catalog catalog, SourceMetadata metadata) {
        List<CatalogProblem> problems = new ArrayList<>();
        Map<String, TableDescription> tables = new LinkedHashMap<>();
        Map<String, CatalogType> tableOwners = new HashMap<>();
        for (CatalogType type : catalog.types().values()) {
            Optional<TableDescription> described;
            try {
                described = metadata.describe(type.table());
            } catch (RuntimeException e) {
                problems.add(new CatalogProblem(
                        type.location(),
                        "type " + type.name() + ": source " + type.source() + " cannot be read (" + e.getMessage()
                                + ")"));
                continue;
            }
            if (described.isEmpty()) {
                problems.add(new CatalogProblem(
                        type.location(), "type " + type.name() + " is bound to unknown table " + type.table()));
                continue;
            }
            TableDescription table = described.get();
            tables.put(type.name(), table);
            String identity = table.database() + "/" + table.name().toLowerCase(Locale.ROOT);
            CatalogType owner = tableOwners.putIfAbsent(identity, type);
            if (owner != null) {
                problems.add(new CatalogProblem(
                        type.location(),
                        "type " + type.name() + " is bound to table " + type.table() + ", which " + owner.name()
                                + " (at " + owner.location() + ") shares already as " + owner.table()
                                + " (一数一源: one authoritative source per item)"));
            }
        }
        for (CatalogType type : catalog.types().values()) {
            TableDescription table = tables.get(type.name());
            if (table != null) {
                checkColumns(catalog, type, table, problems);
                if (!table.view()) {
                    checkIndexes(catalog, type, table, tables, problems);
                }
            }
        }
        return problems;
    }

    private static void checkColumns(
            Catalog catalog, CatalogType type, TableDescription table, List<CatalogProblem> problems) {
        for (CatalogField field : type.fields().values()) {
            String coordinate = type.name() + "." + field.name();
            if (field instanceof ColumnField column) {
                Optional<TableDescription.Column> described = table.column(column.column());
                if (described.isEmpty()) {
                    problems.add(unknownColumn(type, column.location(), coordinate, column.column()));
                    continue;
                }
                String mismatch = mismatch(column.kind(), described.get());
                if (mismatch != null) {
                    problems.add(new CatalogProblem(
                            column.location(),
                            coordinate + " is " + graphQlType(column.kind()) + " but column " + type.table() + "."
                                    + described.get().name() + " is "
                                    + described.get().typeName() + ": "
                                    + mismatch));
                }
            } else if (field instanceof RelationField relation) {
                CatalogType target = catalog.requireType(relation.targetType());
                for (int i = 0; i < relation.columns().size(); i++) {
                    String name = relation.columns().get(i);
                    Optional<TableDescription.Column> described = table.column(name);
                    if (described.isEmpty()) {
                        problems.add(unknownColumn(type, relation.location(), coordinate, name));
                        continue;
                    }
                    ColumnField key = target.keyColumns().get(i);
                    String mismatch = mismatch(key.kind(), described.get());
                    if (mismatch != null) {
                        problems.add(new CatalogProblem(
                                relation.location(),
                                coordinate + " joins column " + type.table() + "."
                                        + described.get().name() + " ("
                                        + described.get().typeName() + ") to " + target.name() + "." + key.name()
                                        + " (" + graphQlType(key.kind()) + "): " + mismatch));
                    }
                }
            }
        }
    }

    private static void checkIndexes(
            Catalog catalog,
            CatalogType type,
            TableDescription table,
            Map<String, TableDescription> tables,
            List<CatalogProblem> problems) {
        List<String> keyColumns =
                type.keyColumns().stream().map(ColumnField::column).toList();
        if (!table.hasIndexLeadingWith(new LinkedHashSet<>(keyColumns))) {
            problems.add(new CatalogProblem(
                    type.location(),
                    "table " + type.table() + " has no index beginning with the key of " + type.name() + " "
                            + keyColumns + ": every lookup would scan the table"));
        }
        for (RootField root : catalog.rootFields().values()) {
            if (root instanceof PageField page
                    && page.targetType().equals(type.name())
                    && !page.filterFields().isEmpty()) {
                List<String> filterColumns = page.filterFields().stream()
                        .map(filter -> type.columnField(filter).column())
                        .toList();
                if (!table.hasIndexLeadingWith(new LinkedHashSet<>(filterColumns))) {
                    problems.add(new CatalogProblem(
                            page.location(),
                            "listing " + page.name() + ": table " + type.table() + " has no index beginning with "
                                    + filterColumns + ": every page would scan the table"));
                }
            }
        }
        for (CatalogField field : type.fields().values()) {
            if (!(field instanceof RelationField relation) || !relation.many()) {
                continue;
            }
            CatalogType target = catalog.requireType(relation.targetType());
            TableDescription targetTable = tables.get(target.name());
            List<String> prefix = target
                    .keyColumns()
                    .subList(0, relation.columns().size())
                    .stream()
                    .map(ColumnField::column)
                    .toList();
            if (targetTable != null
                    && !targetTable.view()
                    && !targetTable.hasIndexLeadingWith(new LinkedHashSet<>(prefix))) {
                problems.add(new CatalogProblem(
                        relation.location(),
                        type.name() + "." + relation.name() + ": table " + target.table()
                                + " has no index beginning with " + prefix + ": every batch would scan the table"));
            }
        }
    }

    private static CatalogProblem unknownColumn(CatalogType type, Location location, String coordinate, String column) {
        return new CatalogProblem(
                location, coordinate + " is bound to unknown column " + column + " of table " + type.table());
    }

    /** Why a column of this JDBC type cannot hold a field of this kind, or null when it can. */
    static @Nullable String mismatch(ValueKind kind, TableDescription.Column column) {
        int type = column.jdbcType();
        return switch (kind) {
            case ID, STRING, ENUM -> CHARACTERS.contains(type) ? null : "it needs a character column";
            case INT ->
                INTEGERS.contains(type)
                        ? null
                        : type == Types.BIGINT
                                ? "Int is 32 bits: bind a BIGINT column to a Decimal field"
                                : "it needs an integer column (INTEGER, SMALLINT)";
            case BOOLEAN -> BOOLEANS.contains(type) ? null : "it needs a BOOLEAN column";
            case DATE -> type == Types.DATE ? null : "it needs a DATE column";
            case DECIMAL ->
                NUMBERS.contains(type) ? null : "it needs an exact number column (DECIMAL, NUMERIC or an integer)";
        };
    }

    private static String graphQlType(ValueKind kind) {
        return switch (kind) {
            case ID -> "an ID";
            case STRING -> "a String";
            case ENUM -> "an enum";
            case INT -> "an Int";
            case BOOLEAN -> "a Boolean";
            case DATE -> "a Date";
            case DECIMAL -> "a Decimal";
        };
    }
}
