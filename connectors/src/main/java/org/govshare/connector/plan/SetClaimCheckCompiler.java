package org.govshare.connector.plan;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
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
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlString;
import org.apache.calcite.tools.RelBuilder;
import org.govshare.connector.source.SourceSchema;
import org.govshare.connector.source.SourceSchemas;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.catalog.ValueKind;
import org.jspecify.annotations.Nullable;

/**
 * Compiles {@link SetClaimCheckShape}s into parameterised source SQL through a Calcite plan (scan, filter on the keys,
 * row conditions and selectors, project the key and one {@code CASE WHEN} per claim) rendered by {@link RelToSqlConverter} in
 * the source's dialect, and keeps them per shape: a job's batches share one statement. Values never enter the SQL.
 */
public final class SetClaimCheckCompiler {
    private final Catalog catalog;
    private final SourceSchemas sources;
    private final Cache<SetClaimCheckShape, CompiledQuery> plans;

    public SetClaimCheckCompiler(Catalog catalog, SourceSchemas sources, long maximumShapes) {
        this.catalog = catalog;
        this.sources = sources;
        this.plans = Caffeine.newBuilder().maximumSize(maximumShapes).build();
    }

    /** The compiled statement of {@code shape}: the key at column 0, the claims' outcomes after it. */
    public CompiledQuery plan(SetClaimCheckShape shape) {
        return plans.get(shape, this::compile);
    }

    private CompiledQuery compile(SetClaimCheckShape shape) {
        CatalogType type = catalog.requireType(shape.type());
        SourceSchema source = sources.schema(type.source());
        return source.plan(builder -> compile(shape, source, type, builder));
    }

    private static CompiledQuery compile(
            SetClaimCheckShape shape, SourceSchema source, CatalogType type, RelBuilder builder) {
        Named<Table> table = source.table(type.table().table())
                .orElseThrow(() -> new IllegalStateException("source " + source.name() + " has no table "
                        + type.table().table()));
        builder.scan(source.name(), table.name());
        RelDataType rowType = builder.peek().getRowType();
        RexBuilder rex = builder.getRexBuilder();
        ColumnField keyField = type.columnField(shape.keyField());
        RexNode key = builder.field(resolve(rowType, type, keyField.column()));

        // PostgreSQL takes the keys as one array (`key = ANY(?)`): one statement
        // text for any number of keys, planned in a fraction of the time of a long OR chain (2,048 keys: ~50 ms
        // against ~800 ms). Other dialects keep an OR of one equality per key, each a bound value.
        @Nullable
        String elementType = source.dialect() instanceof PostgresqlSqlDialect
                ? arrayElementType(key.getType().getSqlTypeName())
                : null;
        CompiledQuery.ArrayParameter array = elementType == null
                ? null
                : new CompiledQuery.ArrayParameter(shape.slotCount(), 0, shape.batchSize(), elementType);
        List<RexNode> conditions = new ArrayList<>();
        if (array != null) {
            RelDataType arrayType = rex.getTypeFactory()
                    .createArrayType(rex.getTypeFactory().createTypeWithNullability(key.getType(), false), -1);
            conditions.add(
                    builder.call(EqualsAnyOperator.INSTANCE, key, rex.makeDynamicParam(arrayType, array.slot())));
        } else {
            List<RexNode> keys = new ArrayList<>();
            for (int slot = 0; slot < shape.batchSize(); slot++) {
                keys.add(builder.equals(key, parameter(rex, key, slot)));
            }
            conditions.add(builder.or(keys));
        }
        int slot = shape.firstConditionSlot();
        for (RowCondition condition : shape.conditions()) {
            RexNode column = builder.field(
                    resolve(rowType, type, type.columnField(condition.field()).column()));
            RexNode value = parameter(rex, column, slot++);
            conditions.add(
                    condition.operator() == RowCondition.Operator.EQUALS
                            ? builder.equals(column, value)
                            : builder.call(SqlStdOperatorTable.LIKE, column, value));
        }
        for (int selector = 0; selector < shape.selectors().size(); selector++) {
            RexNode column = builder.field(resolve(
                    rowType,
                    type,
                    type.columnField(shape.selectors().get(selector)).column()));
            conditions.add(builder.equals(column, parameter(rex, column, shape.selectorSlot(selector))));
        }
        builder.filter(conditions);

        List<RexNode> outputs = new ArrayList<>();
        List<ValueKind> kinds = new ArrayList<>();
        outputs.add(key);
        kinds.add(keyField.kind());
        for (int claim = 0; claim < shape.claims().size(); claim++) {
            ClaimTest test = shape.claims().get(claim);
            ColumnField field = type.columnField(test.field());
            RexNode column = builder.field(resolve(rowType, type, field.column()));
            List<RexNode> branches = new ArrayList<>();
            if (shape.perSubject()) {
                for (int keyIndex = 0; keyIndex < shape.batchSize(); keyIndex++) {
                    branches.add(builder.and(
                            builder.equals(key, parameter(rex, key, keyIndex)),
                            test(builder, test, field.kind(), column, shape.claimSlot(claim, keyIndex))));
                    branches.add(builder.literal(1));
                }
            } else {
                branches.add(test(builder, test, field.kind(), column, shape.claimSlot(claim, 0)));
                branches.add(builder.literal(1));
            }
            // A NULL value makes a test unknown, which CASE takes as false: an absent value never matches.
            branches.add(builder.literal(0));
            outputs.add(builder.call(SqlStdOperatorTable.CASE, branches));
            kinds.add(ValueKind.INT);
        }
        builder.project(outputs);
        RelNode plan = builder.build();

        SqlString sql = new RelToSqlConverter(source.dialect())
                .visitRoot(plan)
                .asStatement()
                .toSqlString(source.dialect());
        int[] slotOrder = sql.getDynamicParameters() == null
                ? new int[0]
                : sql.getDynamicParameters().stream()
                        .mapToInt(Integer::intValue)
                        .toArray();
        return new CompiledQuery(
                source.name(), sql.getSql(), slotOrder, kinds, Map.of(shape.keyField(), 0), Map.of(), Map.of(), array);
    }

    /** PostgreSQL's name of the array element type for a key column, or null to keep the keys one value each. */
    private static @Nullable String arrayElementType(SqlTypeName type) {
        return switch (type) {
            case CHAR -> "bpchar";
            case VARCHAR -> "varchar";
            case SMALLINT -> "int2";
            case INTEGER -> "int4";
            case BIGINT -> "int8";
            default -> null;
        };
    }

    private static RexNode test(RelBuilder builder, ClaimTest test, ValueKind kind, RexNode column, int slot) {
        RexBuilder rex = builder.getRexBuilder();
        RexNode value = parameter(rex, column, slot);
        return ClaimComparisons.compare(builder, test, kind, column, value);
    }

    /** A parameter of the column's own type, so no CAST wraps the column and its index stays usable. */
    private static RexNode parameter(RexBuilder rex, RexNode column, int slot) {
        return rex.makeDynamicParam(rex.getTypeFactory().createTypeWithNullability(column.getType(), false), slot);
    }

    private static String resolve(RelDataType rowType, CatalogType type, String column) {
        RelDataTypeField exact = rowType.getField(column, true, false);
        RelDataTypeField found = exact != null ? exact : rowType.getField(column, false, false);
        if (found == null) {
            throw new IllegalStateException(type.table() + " has no column " + column);
        }
        return found.getName();
    }
}
