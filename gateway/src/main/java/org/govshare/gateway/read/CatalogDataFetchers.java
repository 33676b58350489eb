package org.govshare.gateway.read;

import graphql.GraphQLContext;
import graphql.TrivialDataFetcher;
import graphql.scalars.ExtendedScalars;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLScalarType;
import graphql.schema.idl.RuntimeWiring;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.MappedBatchLoader;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.plan.CompiledQuery;
import org.govshare.connector.plan.PlanCache;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.request.RequestRecord;
import org.govshare.gateway.subject.Subject;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.MaskKind;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogField;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.catalog.LookupField;
import org.govshare.schema.catalog.PageField;
import org.govshare.schema.catalog.RelationField;
import org.govshare.schema.catalog.RootField;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * Wires the public schema to the catalog's reads: one generic fetcher per root field kind (lookup by key, page by key
 * order), one batched loader per relation, and field values read straight from source rows (verification fields are
 * wired by {@code VerificationFetchers}). No hand-written
 * resolver per type: a new catalog type works as soon as its SDL is in the catalog.
 */
public final class CatalogDataFetchers implements RuntimeWiringConfigurer {
    /** The decimal scalar of the catalog: exact, written with its scale. */
    public static final GraphQLScalarType DECIMAL = GraphQLScalarType.newScalar(ExtendedScalars.GraphQLBigDecimal)
            .name("Decimal")
            .description("An exact decimal number")
            .build();

    private static final ContextSnapshotFactory SNAPSHOTS =
            ContextSnapshotFactory.builder().build();

    private final Catalog catalog;
    private final PlanCache plans;
    private final SourceQueryExecutor executor;
    private final Cursors cursors;
    private final RelationLoader relations;

    public CatalogDataFetchers(Catalog catalog, PlanCache plans, SourceQueryExecutor executor, Cursors cursors) {
        this.catalog = catalog;
        this.plans = plans;
        this.executor = executor;
        this.cursors = cursors;
        this.relations = new RelationLoader(plans, executor);
    }

    @Override
    public void configure(RuntimeWiring.Builder wiring) {
        wiring.scalar(ExtendedScalars.Date).scalar(DECIMAL);
        wiring.type("Query", type -> {
            for (RootField root : catalog.rootFields().values()) {
                if (root instanceof LookupField lookup) {
                    type.dataFetcher(root.name(), lookup(lookup));
                } else if (root instanceof PageField page) {
                    type.dataFetcher(root.name(), page(page));
                }
            }
            return type;
        });
        for (CatalogType catalogType : catalog.types().values()) {
            wiring.type(catalogType.name(), type -> {
                type.defaultDataFetcher(new ColumnValueFetcher(catalogType.name()));
                for (CatalogField field : catalogType.fields().values()) {
                    if (field instanceof RelationField relation) {
                        type.dataFetcher(relation.name(), relation(catalogType, relation));
                    }
                }
                return type;
            });
        }
    }

    /**
     * Reads a column field's value from its record and applies a mask the source could not apply. It does no I/O and
     * needs no request context, so it is marked trivial: Spring does not wrap it for context propagation and
     * graphql-java skips its per-field instrumentation, which matters at one call per returned value.
     */
    private static final class ColumnValueFetcher implements TrivialDataFetcher<@Nullable Object> {
        private final String type;

        ColumnValueFetcher(String type) {
            this.type = type;
        }

        @Override
        public @Nullable Object get(DataFetchingEnvironment environment) {
            CatalogRecord record = environment.getSource();
            if (record == null) {
                return null;
            }
            String field = environment.getField().getName();
            Object value = record.field(field);
            Map<FieldCoordinate, MaskKind> masks = allowed(environment).masks();
            MaskKind mask = masks.isEmpty() ? null : masks.get(new FieldCoordinate(type, field));
            return mask == null || Masks.appliedAtSource(mask) ? value : Masks.apply(mask, value);
        }
    }

    private static String loaderName(CatalogType type, RelationField relation) {
        return type.name() + "." + relation.name();
    }

    private DataFetcher<@Nullable CatalogRecord> lookup(LookupField root) {
        CatalogType type = catalog.requireType(root.targetType());
        List<ColumnField> keyColumns = type.keyColumns();
        return UnwrappedFetcher.of(environment -> {
            @Nullable Object[] slots = new Object[keyColumns.size()];
            for (int i = 0; i < slots.length; i++) {
                ColumnField key = keyColumns.get(i);
                slots[i] = Arguments.value(key, key.name(), environment.getArgument(key.name()));
            }
            OperationPlan.Lookup read = planned(environment, OperationPlan.Lookup.class);
            CompiledQuery query = plans.plan(read.shape());
            List<Object> values = new ArrayList<>(Arrays.asList(slots));
            values.addAll(read.conditions().values());
            List<@Nullable Object[]> rows = executor.execute(query, values.toArray());
            RequestRecord trace = RequestRecord.of(environment.getGraphQlContext());
            if (trace != null) {
                trace.read(query.source(), rows.size());
                if (!rows.isEmpty()) {
                    trace.touched(Subject.of(type, Arrays.asList(slots)));
                }
            }
            return rows.isEmpty() ? null : new CatalogRecord(query, Objects.requireNonNull(rows.get(0)), 1);
        });
    }

    private DataFetcher<Map<String, Object>> page(PageField root) {
        CatalogType type = catalog.requireType(root.targetType());
        if (type.keyFields().size() != 1) {
            throw new IllegalStateException(root.name() + ": only types with a single-field key can be paged");
        }
        ColumnField keyField = type.keyColumns().get(0);
        return environment -> {
            OperationPlan.Page read = planned(environment, OperationPlan.Page.class);
            int first = read.pageSize(environment.getArgument("first"));
            String after = environment.getArgument("after");
            List<Object> slots = new ArrayList<>();
            for (String filter : root.filterFields()) {
                slots.add(Arguments.value(type.columnField(filter), filter, environment.getArgument(filter)));
            }
            slots.addAll(read.conditions().values());
            if (after != null) {
                slots.add(cursors.decode(after, keyField));
            }
            // One row more than asked for tells whether there is a next page.
            slots.add(first + 1);
            CompiledQuery query = plans.plan(read.shape(after != null));
            List<@Nullable Object[]> rows = executor.execute(query, slots.toArray());
            RequestRecord trace = RequestRecord.of(environment.getGraphQlContext());
            if (trace != null) {
                int returned = Math.min(first, rows.size());
                trace.read(query.source(), rows.size());
                for (int i = 0; i < returned; i++) {
                    trace.touched(Subject.of(
                            type,
                            List.of(Objects.requireNonNull(
                                    Objects.requireNonNull(rows.get(i))[query.rawFieldPosition(keyField.name())]))));
                }
            }
            return connection(query, rows, first, keyField);
        };
    }

    /**
     * The read this field runs, as the operation's plan has it. Every data request is planned with its access
     * decision; if no plan is in the context, something bypassed the decision, and nothing is read (fail closed).
     */
    private static <T extends OperationPlan.Read> T planned(DataFetchingEnvironment environment, Class<T> kind) {
        AllowedOperation allowed = AllowedOperation.of(environment.getGraphQlContext());
        if (allowed == null) {
            throw new IllegalStateException("no plan for this operation");
        }
        return allowed.plan().read(environment.getExecutionStepInfo().getPath().getKeysOnly(), kind);
    }

    /**
     * The decision for this operation. Every data request passes the access decision first; if none is in the
     * context, something bypassed it, and nothing is read (fail closed).
     */
    private static Allowed allowed(DataFetchingEnvironment environment) {
        Allowed allowed = AllowedOperation.decisionIn(environment.getGraphQlContext());
        if (allowed == null) {
            throw new IllegalStateException("no access decision for this operation");
        }
        return allowed;
    }

    private Map<String, Object> connection(
            CompiledQuery query, List<@Nullable Object[]> rows, int first, ColumnField keyField) {
        List<Map<String, Object>> edges = new ArrayList<>();
        for (int i = 0; i < Math.min(first, rows.size()); i++) {
            CatalogRecord record = new CatalogRecord(query, Objects.requireNonNull(rows.get(i)), first);
            Map<String, Object> edge = new LinkedHashMap<>();
            edge.put("cursor", cursors.encode(Objects.requireNonNull(record.raw(keyField.name()))));
            edge.put("node", record);
            edges.add(edge);
        }
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", rows.size() > first);
        pageInfo.put(
                "endCursor",
                edges.isEmpty() ? null : edges.get(edges.size() - 1).get("cursor"));
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("edges", edges);
        connection.put("pageInfo", pageInfo);
        return connection;
    }

    private DataFetcher<CompletableFuture<@Nullable Object>> relation(CatalogType owner, RelationField relation) {
        CatalogType target = catalog.requireType(relation.targetType());
        String loaderName = loaderName(owner, relation);
        // Adds a key to the request's loader and reads only its environment: unwrapped, as a root fetcher is.
        return UnwrappedFetcher.of(environment -> {
            CatalogRecord parent = environment.getSource();
            List<Object> key = parent == null ? null : parent.relationKey(relation.name());
            if (key == null) {
                return CompletableFuture.completedFuture(relation.many() ? List.of() : null);
            }
            OperationPlan.Relation read = planned(environment, OperationPlan.Relation.class);
            List<String> filterFields = read.givenFilters(environment.getArguments());
            List<Object> filterValues = new ArrayList<>(filterFields.size());
            for (String argument : filterFields) {
                filterValues.add(
                        Arguments.value(target.columnField(argument), argument, environment.getArgument(argument)));
            }
            GraphQLContext context = environment.getGraphQlContext();
            DataLoader<RelationRequest, @Nullable Object> loader = RelationLoaders.of(
                            environment.getDataLoaderRegistry())
                    .loader(loaderName, () -> newLoader(context));
            CompletableFuture<@Nullable Object> loaded =
                    loader.load(new RelationRequest(read, filterFields, filterValues, parent.siblings(), key));
            if (!relation.many()) {
                return loaded;
            }
            int limit = allowed(environment).quotas().rowsPerPage();
            return loaded.thenApply(records -> {
                if (records instanceof List<?> list && list.size() > limit) {
                    throw new GovshareException(
                            ErrorCode.ROW_LIMIT_EXCEEDED, "this list has more than " + limit + " rows");
                }
                return records;
            });
        });
    }

    /**
     * A relation's loader for one request. Its statements run with the request's context (trace, observation) taken
     * from the request's GraphQL context, wherever the level that needs them is dispatched.
     */
    private DataLoader<RelationRequest, @Nullable Object> newLoader(GraphQLContext context) {
        @Nullable RequestRecord trace = RequestRecord.of(context);
        MappedBatchLoader<RelationRequest, @Nullable Object> batch = requests ->
                relations.load(requests, trace, SNAPSHOTS.captureFrom(context), RelationLoaders.dispatchingHere());
        return DataLoaderFactory.newMappedDataLoader(batch);
    }
}
