package org.govshare.connector.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.lookup.Named;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlString;
import org.apache.calcite.tools.RelBuilder;
import org.govshare.connector.source.SourceSchema;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.catalog.RelationField;
import org.govshare.schema.catalog.ValueKind;
import org.jspecify.annotations.Nullable;

/**
 * Compiles a {@link ReadShape} for one source into parameterised source SQL: a Calcite relational plan (scan, filter
 * on dynamic parameters, project, sort/limit) rendered by {@link RelToSqlConverter} in the source's own dialect.
 * Values never enter the SQL text; only the columns the shape names are read.
 */
public final class PlanCompiler {
    private final Catalog catalog;

    public PlanCompiler(Catalog catalog) {
        this.catalog = catalog;
    }

    public CompiledQuery compile(ReadShape shape, SourceSchema source) {
        CatalogType type = catalog.requireType(shape.type());
        if (!type.source().equals(source.name())) {
            throw new IllegalArgumentException(type.name() + " is not on source " + source.name());
        }
        return source.plan(builder -> compile(shape, source, type, builder));
    }

    private CompiledQuery compile(ReadShape shape, SourceSchema source, CatalogType type, RelBuilder builder) {
        Named<Table> table = source.table(type.table().table())
                .orElseThrow(() -> new IllegalStateException("source " + source.name() + " has no table "
                        + type.table().table()));
        builder.scan(source.name(), table.name());
        Columns columns = new Columns(builder.peek().getRowType(), type);
        RexBuilder rex = builder.getRexBuilder();
        Outputs outputs = new Outputs(catalog, type, columns, shape);

        RelNode plan;
        if (shape instanceof KeyLookupShape lookup) {
            plan = lookup(builder, rex, columns, outputs, lookup);
        } else if (shape instanceof KeyPageShape page) {
            plan = page(builder, rex, columns, outputs, page);
        } else {
            plan = claimCheck(builder, rex, columns, outputs, (ClaimCheckShape) shape);
        }
        RelToSqlConverter converter = new RelToSqlConverter(source.dialect());
        SqlNode statement = converter.visitRoot(plan).asStatement();
        SqlString sql = statement.toSqlString(source.dialect());
        int[] slotOrder = sql.getDynamicParameters() == null
                ? new int[0]
                : sql.getDynamicParameters().stream()
                        .mapToInt(Integer::intValue)
                        .toArray();
        if (slotOrder.length != shape.slotCount()) {
            throw new IllegalStateException(
                    "compiled SQL binds " + slotOrder.length + " parameters, shape has " + shape.slotCount());
        }
        return new CompiledQuery(
                source.name(),
                sql.getSql(),
                slotOrder,
                outputs.kinds,
                outputs.fieldPositions,
                outputs.relationPositions,
                outputs.rawFieldPositions);
    }

    private static RelNode lookup(
            RelBuilder builder, RexBuilder rex, Columns columns, Outputs outputs, KeyLookupShape shape) {
        int slot = 0;
        List<RexNode> tuples = new ArrayList<>();
        for (int tuple = 0; tuple < shape.batchSize(); tuple++) {
            List<RexNode> equalities = new ArrayList<>();
            for (String field : shape.matchFields()) {
                equalities.add(columns.equalsSlot(builder, rex, field, slot++));
            }
            tuples.add(builder.and(equalities));
        }
        List<RexNode> conditions = new ArrayList<>();
        conditions.add(builder.or(tuples));
        for (String field : shape.filterFields()) {
            conditions.add(columns.equalsSlot(builder, rex, field, slot++));
        }
        for (RowCondition condition : shape.conditions()) {
            conditions.add(columns.condition(builder, rex, condition, slot++));
        }
        builder.filter(conditions);
        builder.project(outputs.refs(builder));
        return builder.build();
    }

    private static RelNode claimCheck(
            RelBuilder builder, RexBuilder rex, Columns columns, Outputs outputs, ClaimCheckShape shape) {
        int slot = 0;
        List<RexNode> conditions = new ArrayList<>();
        for (String field : shape.matchFields()) {
            conditions.add(columns.equalsSlot(builder, rex, field, slot++));
        }
        // The claims' slots come next (see Outputs); the row conditions' after them.
        slot += shape.claims().size();
        for (RowCondition condition : shape.conditions()) {
            conditions.add(columns.condition(builder, rex, condition, slot++));
        }
        builder.filter(conditions);
        builder.project(outputs.refs(builder));
        return builder.build();
    }

    private static RelNode page(
            RelBuilder builder, RexBuilder rex, Columns columns, Outputs outputs, KeyPageShape shape) {
        int slot = 0;
        List<RexNode> conditions = new ArrayList<>();
        for (String field : shape.filterFields()) {
            conditions.add(columns.equalsSlot(builder, rex, field, slot++));
        }
        for (RowCondition condition : shape.conditions()) {
            conditions.add(columns.condition(builder, rex, condition, slot++));
        }
        if (shape.afterCursor()) {
            RexNode key = columns.ref(builder, shape.keyField());
            conditions.add(builder.greaterThan(key, rex.makeDynamicParam(key.getType(), slot++)));
        }
        if (!conditions.isEmpty()) {
            builder.filter(conditions);
        }
        builder.project(outputs.refs(builder));
        RelDataType integer = rex.getTypeFactory().createSqlType(SqlTypeName.INTEGER);
        builder.sortLimit(
                null, rex.makeDynamicParam(integer, slot), List.of(builder.field(columns.name(shape.keyField()))));
        return builder.build();
    }

    /**
     * The distinct columns a shape returns: the outcome of each claim (claim checks), its fields, then the local key
     * columns of its relations; a literal 1 when that is nothing at all (a claim check of existence only).
     */
    private static final class Outputs {
        /** One returned column: a plain source column, a column masked at the source, or a claim's outcome. */
        private record Output(
                String column,
                @Nullable ColumnMask mask,
                @Nullable ClaimOutput claim) {
            Output(String column, @Nullable ColumnMask mask) {
                this(column, mask, null);
            }
        }

        /** {@code CASE WHEN <column> <comparison> ?slot THEN 1 ELSE 0 END}. */
        private record ClaimOutput(ClaimTest test, ValueKind kind, int slot) {}

        final List<Output> outputs = new ArrayList<>();
        final List<ValueKind> kinds = new ArrayList<>();
        final Map<String, Integer> fieldPositions = new HashMap<>();
        final Map<String, int[]> relationPositions = new HashMap<>();
        final Map<String, Integer> rawFieldPositions = new HashMap<>();

        Outputs(Catalog catalog, CatalogType type, Columns columns, ReadShape shape) {
            if (shape instanceof ClaimCheckShape check) {
                int slot = check.matchFields().size();
                for (ClaimTest test : check.claims()) {
                    ColumnField column = type.columnField(test.field());
                    outputs.add(new Output(
                            columns.resolve(column.column()), null, new ClaimOutput(test, column.kind(), slot++)));
                    kinds.add(ValueKind.INT);
                }
            }
            Map<String, ColumnMask> masks = new HashMap<>();
            shape.masks().forEach(mask -> masks.put(mask.field(), mask));
            for (String field : shape.fields()) {
                ColumnField column = type.columnField(field);
                ColumnMask mask = masks.get(field);
                fieldPositions.put(field, position(new Output(columns.resolve(column.column()), mask), column.kind()));
                boolean pageKey =
                        shape instanceof KeyPageShape page && page.keyField().equals(field);
                boolean batchMatchField = shape instanceof KeyLookupShape lookup
                        && lookup.batchSize() > 1
                        && lookup.matchFields().contains(field);
                if (mask != null && (pageKey || batchMatchField)) {
                    // The page's cursor is made from the unmasked key (sealed before it leaves the gateway), and a
                    // batch gives rows back to the keys that asked by the unmasked match fields: values the gateway
                    // itself sent. A lookup of one key needs neither, so its masked fields leave the source masked.
                    rawFieldPositions.put(
                            field, position(new Output(columns.resolve(column.column()), null), column.kind()));
                }
            }
            for (String relationName : shape.relations()) {
                if (!(type.fields().get(relationName) instanceof RelationField relation)) {
                    throw new IllegalArgumentException(type.name() + " has no relation " + relationName);
                }
                List<ColumnField> targetKey =
                        catalog.requireType(relation.targetType()).keyColumns();
                int[] positions = new int[relation.columns().size()];
                for (int i = 0; i < positions.length; i++) {
                    positions[i] = position(
                            new Output(columns.resolve(relation.columns().get(i)), null),
                            targetKey.get(i).kind());
                }
                relationPositions.put(relationName, positions);
            }
            if (outputs.isEmpty()) {
                // Nothing to return but whether the record is there: the statement selects a literal 1.
                kinds.add(ValueKind.INT);
            }
        }

        private int position(Output output, ValueKind kind) {
            int existing = outputs.indexOf(output);
            if (existing >= 0) {
                return existing;
            }
            outputs.add(output);
            kinds.add(output.mask() == null ? kind : ValueKind.STRING);
            return outputs.size() - 1;
        }

        List<RexNode> refs(RelBuilder builder) {
            if (outputs.isEmpty()) {
                return List.of(builder.literal(1));
            }
            return outputs.stream().map(output -> ref(builder, output)).toList();
        }

        private static RexNode ref(RelBuilder builder, Output output) {
            RexNode column = builder.field(output.column());
            if (output.claim() != null) {
                return claim(builder, column, output.claim());
            }
            return output.mask() == null ? column : masked(builder, column, output.mask());
        }

        private static RexNode claim(RelBuilder builder, RexNode column, ClaimOutput claim) {
            RexBuilder rex = builder.getRexBuilder();
            RelDataType type = rex.getTypeFactory().createTypeWithNullability(column.getType(), false);
            RexNode value = rex.makeDynamicParam(type, claim.slot());
            RexNode test = ClaimComparisons.compare(builder, claim.test(), claim.kind(), column, value);
            // A NULL value makes the test unknown, which CASE takes as false: an absent value never matches.
            return builder.call(SqlStdOperatorTable.CASE, test, builder.literal(1), builder.literal(0));
        }

        /**
         * {@code CONCAT(SUBSTRING(c FROM 1 FOR first), '***', SUBSTRING(c FROM first+hidden+1 FOR last))}, without
         * the tail when nothing at the end is kept.
         */
        private static RexNode masked(RelBuilder builder, RexNode column, ColumnMask mask) {
            RexNode head = builder.call(
                    SqlStdOperatorTable.SUBSTRING, column, builder.literal(1), builder.literal(mask.keepFirst()));
            if (mask.keepLast() == 0) {
                return builder.call(
                        SqlLibraryOperators.CONCAT_FUNCTION, head, builder.literal("*".repeat(mask.hidden())));
            }
            RexNode tail = builder.call(
                    SqlStdOperatorTable.SUBSTRING,
                    column,
                    builder.literal(mask.keepFirst() + mask.hidden() + 1),
                    builder.literal(mask.keepLast()));
            return builder.call(
                    SqlLibraryOperators.CONCAT_FUNCTION, head, builder.literal("*".repeat(mask.hidden())), tail);
        }
    }

    /** Resolves catalog columns to the names the source's metadata uses (letter case differs between engines). */
    private record Columns(RelDataType rowType, CatalogType type) {
        String name(String field) {
            return resolve(type.columnField(field).column());
        }

        String resolve(String column) {
            RelDataTypeField exact = rowType.getField(column, true, false);
            RelDataTypeField found = exact != null ? exact : rowType.getField(column, false, false);
            if (found == null) {
                throw new IllegalStateException(type.table() + " has no column " + column);
            }
            return found.getName();
        }

        RexNode ref(RelBuilder builder, String field) {
            return builder.field(name(field));
        }

        RexNode condition(RelBuilder builder, RexBuilder rex, RowCondition condition, int slot) {
            if (condition.operator() == RowCondition.Operator.EQUALS) {
                return equalsSlot(builder, rex, condition.field(), slot);
            }
            RexNode column = ref(builder, condition.field());
            RelDataType type = rex.getTypeFactory().createTypeWithNullability(column.getType(), false);
            return builder.call(SqlStdOperatorTable.LIKE, column, rex.makeDynamicParam(type, slot));
        }

        RexNode equalsSlot(RelBuilder builder, RexBuilder rex, String field, int slot) {
            RexNode column = ref(builder, field);
            // The parameter takes the column's own type, so no CAST wraps the column and its index stays usable.
            RelDataType type = rex.getTypeFactory().createTypeWithNullability(column.getType(), false);
            return builder.equals(column, rex.makeDynamicParam(type, slot));
        }
    }
}
