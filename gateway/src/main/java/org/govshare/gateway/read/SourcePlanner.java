package org.govshare.gateway.read;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.govshare.connector.plan.ClaimCheckShape;
import org.govshare.connector.plan.ClaimTest;
import org.govshare.connector.plan.KeyLookupShape;
import org.govshare.connector.plan.KeyPageShape;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogField;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.catalog.LookupField;
import org.govshare.schema.catalog.PageField;
import org.govshare.schema.catalog.RelationField;
import org.govshare.schema.catalog.RootField;
import org.jspecify.annotations.Nullable;

/**
 * The one planner: turns an operation's fields and its access decision into the source queries it will run. Every
 * shape a source receives is made here, for the data fetchers (which then only bind values and execute), the
 * verifier's claim checks and {@code explain} alike, so what {@code explain} shows is what runs.
 */
public final class SourcePlanner {
    /** The most keys one relation statement carries; more parents take several statements. */
    public static final int MAXIMUM_BATCH = 100;

    /** Batch sizes are rounded up to one of these so that a few plans serve every batch (padding repeats a key). */
    private static final int[] BUCKETS = {1, 2, 4, 8, 16, 32, 64, MAXIMUM_BATCH};

    private SourcePlanner() {}

    /**
     * Plans every catalog read of one operation (lookups, pages, relations) under its decision. The plan depends on
     * the document and the decision only, never on variable values: what values decide (a cursor given, a relation
     * argument given, how many parents a relation has) is asked of its nodes when they run.
     */
    public static OperationPlan plan(Catalog catalog, Collection<OperationField> fields, Allowed allowed) {
        Map<List<Object>, List<OperationField>> children = new HashMap<>();
        for (OperationField field : fields) {
            if (field.path().size() > 1) {
                children.computeIfAbsent(field.path().subList(0, field.path().size() - 1), parent -> new ArrayList<>())
                        .add(field);
            }
        }
        Map<List<Object>, OperationPlan.Read> reads = new LinkedHashMap<>();
        for (OperationField field : fields) {
            OperationPlan.Read read = read(catalog, field, children, allowed);
            if (read != null) {
                reads.putIfAbsent(field.path(), read);
            }
        }
        return new OperationPlan(reads);
    }

    private static OperationPlan.@Nullable Read read(
            Catalog catalog, OperationField field, Map<List<Object>, List<OperationField>> children, Allowed allowed) {
        FieldCoordinate coordinate = field.coordinate();
        List<OperationField> below = children.getOrDefault(field.path(), List.of());
        if (coordinate.type().equals("Query")) {
            RootField root = catalog.rootFields().get(coordinate.field());
            if (root instanceof LookupField lookup) {
                CatalogType type = catalog.requireType(lookup.targetType());
                RowConditions conditions = RowConditions.of(allowed.rowFilters(type.name()));
                return new OperationPlan.Lookup(
                        field, type, conditions, lookup(type, projection(type, below), conditions, allowed));
            }
            if (root instanceof PageField page) {
                CatalogType type = catalog.requireType(page.targetType());
                List<OperationField> nodeFields = new ArrayList<>();
                for (OperationField edges : below) {
                    if (edges.coordinate().field().equals("edges")) {
                        for (OperationField node : children.getOrDefault(edges.path(), List.of())) {
                            if (node.coordinate().field().equals("node")) {
                                nodeFields.addAll(children.getOrDefault(node.path(), List.of()));
                            }
                        }
                    }
                }
                RowConditions conditions = RowConditions.of(allowed.rowFilters(type.name()));
                return new OperationPlan.Page(
                        field,
                        type,
                        conditions,
                        page,
                        page(type, page, projection(type, nodeFields), conditions, allowed),
                        Math.min(page.maxPageSize(), allowed.quotas().rowsPerPage()));
            }
            return null;
        }
        CatalogType owner = catalog.type(coordinate.type()).orElse(null);
        if (owner != null && owner.fields().get(coordinate.field()) instanceof RelationField relation) {
            CatalogType target = catalog.requireType(relation.targetType());
            RowConditions conditions = RowConditions.of(allowed.rowFilters(target.name()));
            return new OperationPlan.Relation(
                    field,
                    target,
                    conditions,
                    relation,
                    relation(target, relation, projection(target, below), conditions, allowed),
                    allowed.quotas().rowsPerPage());
        }
        return null;
    }

    /** The column fields and relations selected on one catalog type, across aliases and fragments. */
    record Projection(List<String> fields, List<String> relations) {
        Projection {
            fields = List.copyOf(fields);
            relations = List.copyOf(relations);
        }
    }

    static Projection projection(CatalogType type, List<OperationField> selected) {
        Set<String> fields = new LinkedHashSet<>();
        Set<String> relations = new LinkedHashSet<>();
        for (OperationField field : selected) {
            String name = field.coordinate().field();
            CatalogField catalogField = type.fields().get(name);
            if (catalogField instanceof ColumnField) {
                fields.add(name);
            } else if (catalogField instanceof RelationField) {
                relations.add(name);
            }
        }
        return new Projection(List.copyOf(fields), List.copyOf(relations));
    }

    /** A record of {@code type} by its whole key. */
    static KeyLookupShape lookup(CatalogType type, Projection projection, RowConditions conditions, Allowed allowed) {
        return KeyLookupShape.byKey(type.name(), type.keyFields())
                .reading(
                        projection.fields(),
                        projection.relations(),
                        Masks.atSource(allowed.masks(), type.name(), projection.fields()))
                .where(conditions.conditions());
    }

    /** A page of {@code type} in key order (the first page: {@link KeyPageShape#afterCursor} for later ones). */
    static KeyPageShape page(
            CatalogType type, PageField root, Projection projection, RowConditions conditions, Allowed allowed) {
        if (type.keyFields().size() != 1) {
            throw new IllegalStateException(root.name() + ": only types with a single-field key can be paged");
        }
        return KeyPageShape.inKeyOrder(type.name(), type.keyFields().get(0), root.filterFields())
                .reading(
                        projection.fields(),
                        projection.relations(),
                        Masks.atSource(allowed.masks(), type.name(), projection.fields()))
                .where(conditions.conditions());
    }

    /**
     * The related records of one parent (a batch of one, no relation argument given): the match fields come back too,
     * so that each row of a batch finds the parent that asked for it.
     */
    static KeyLookupShape relation(
            CatalogType target,
            RelationField relation,
            Projection projection,
            RowConditions conditions,
            Allowed allowed) {
        List<String> matchFields = RelationKeys.matchFields(target, relation);
        List<String> fields = new ArrayList<>(projection.fields());
        fields.addAll(matchFields);
        return KeyLookupShape.byKey(target.name(), matchFields)
                .reading(
                        fields,
                        projection.relations(),
                        Masks.atSource(allowed.masks(), target.name(), projection.fields()))
                .where(conditions.conditions());
    }

    /**
     * The claims about one record of {@code type} by its key, under the caller's row conditions, also returning the
     * local keys of {@code relationsToRead} (relations whose key does not follow from the subject's).
     */
    public static ClaimCheckShape claimCheck(
            CatalogType type, List<ClaimTest> claims, List<String> relationsToRead, Allowed allowed) {
        return ClaimCheckShape.of(type.name(), type.keyFields(), claims)
                .readingRelations(relationsToRead)
                .where(RowConditions.of(allowed.rowFilters(type.name())).conditions());
    }

    /** The keys one relation statement carries when up to {@code parents} parent records may ask. */
    public static int batchSize(int parents) {
        int size = Math.max(1, Math.min(parents, MAXIMUM_BATCH));
        for (int bucket : BUCKETS) {
            if (size <= bucket) {
                return bucket;
            }
        }
        throw new IllegalStateException("no bucket for " + size);
    }

    /** The page size asked for, within the field's maximum and the rows per page the caller's grants allow. */
    static int pageSize(OperationPlan.Page page, @Nullable Object requested) {
        int maximum = page.maximumPageSize();
        int first =
                requested == null ? Math.min(page.root().defaultPageSize(), maximum) : ((Number) requested).intValue();
        if (first < 1) {
            throw new GovshareException(ErrorCode.INVALID_ARGUMENT, "first must be at least 1");
        }
        if (first > maximum) {
            throw new GovshareException(ErrorCode.ROW_LIMIT_EXCEEDED, "first may be at most " + maximum);
        }
        return first;
    }
}
