package org.govshare.gateway.read;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.govshare.connector.plan.CompiledQuery;
import org.govshare.connector.plan.KeyLookupShape;
import org.govshare.connector.plan.KeyPageShape;
import org.govshare.connector.plan.PlanCache;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.PageField;
import org.govshare.schema.catalog.RelationField;
import org.jspecify.annotations.Nullable;

/**
 * The source queries of one operation under one decision, by the path (result keys, no list indices) of the field
 * that runs each: made once per document and decision by {@link SourcePlanner} and kept beside the decision, read by
 * the data fetchers (which only bind values and execute) and listed by {@code explain}.
 */
public final class OperationPlan {
    /**
     * One statement {@code explain} shows: the path of the field that sends it, its source and SQL, its placeholders
     * and the key tuples it carries (0 for a page).
     */
    public record Statement(String path, String source, String sql, int parameters, int keys) {
        public Statement {
            requireNonNull(path, "path is null");
            requireNonNull(source, "source is null");
            requireNonNull(sql, "sql is null");
        }
    }

    /** One field that reads a source: its field, the type it reads and the caller's row conditions on it. */
    public abstract static sealed class Read permits Lookup, Page, Relation {
        private final OperationField field;
        private final CatalogType type;
        private final RowConditions conditions;

        Read(OperationField field, CatalogType type, RowConditions conditions) {
            this.field = requireNonNull(field, "field is null");
            this.type = requireNonNull(type, "type is null");
            this.conditions = requireNonNull(conditions, "conditions is null");
        }

        public OperationField field() {
            return field;
        }

        public CatalogType type() {
            return type;
        }

        /** The row conditions of the caller's grants and the values bound to them. */
        public RowConditions conditions() {
            return conditions;
        }
    }

    /** A root lookup by key: one statement, one record at most. */
    public static final class Lookup extends Read {
        private final KeyLookupShape shape;

        Lookup(OperationField field, CatalogType type, RowConditions conditions, KeyLookupShape shape) {
            super(field, type, conditions);
            this.shape = shape;
        }

        public KeyLookupShape shape() {
            return shape;
        }
    }

    /** A root page in key order: the first page, or a later one after a cursor. */
    public static final class Page extends Read {
        private final PageField root;
        private final KeyPageShape first;
        private final KeyPageShape later;
        private final int maximumPageSize;

        Page(
                OperationField field,
                CatalogType type,
                RowConditions conditions,
                PageField root,
                KeyPageShape first,
                int maximumPageSize) {
            super(field, type, conditions);
            this.root = root;
            this.first = first;
            this.later = first.afterCursor(true);
            this.maximumPageSize = maximumPageSize;
        }

        public PageField root() {
            return root;
        }

        /** The page's shape, starting after a cursor when one is given. */
        public KeyPageShape shape(boolean afterCursor) {
            return afterCursor ? later : first;
        }

        /** The most rows one page may hold for this caller. */
        public int maximumPageSize() {
            return maximumPageSize;
        }

        /** The page size asked for; {@code INVALID_ARGUMENT} or {@code ROW_LIMIT_EXCEEDED} when out of bounds. */
        public int pageSize(@Nullable Object requested) {
            return SourcePlanner.pageSize(this, requested);
        }
    }

    /**
     * A relation from each parent record to its related records, loaded in batches: every statement carries
     * {@link SourcePlanner#batchSize} keys for the parents its level may have (fewer parents repeat a key), so the
     * SQL is fixed by the document, not by how many parents the data has.
     */
    public static final class Relation extends Read {
        private final RelationField relation;
        private final KeyLookupShape single;
        private final List<String> matchFields;
        private final int rowsPerParent;

        Relation(
                OperationField field,
                CatalogType type,
                RowConditions conditions,
                RelationField relation,
                KeyLookupShape single,
                int rowsPerParent) {
            super(field, type, conditions);
            this.relation = relation;
            this.single = single;
            this.matchFields = RelationKeys.matchFields(type, relation);
            this.rowsPerParent = rowsPerParent;
        }

        public RelationField relation() {
            return relation;
        }

        /** The target's key fields each parent's key matches. */
        public List<String> matchFields() {
            return matchFields;
        }

        /** The statement for a batch of {@code batchSize} keys with these relation arguments given. */
        public KeyLookupShape shape(List<String> filterFields, int batchSize) {
            KeyLookupShape shape = filterFields.isEmpty() ? single : single.filteredBy(filterFields);
            return batchSize == 1 ? shape : shape.batchOf(batchSize);
        }

        /** The relation arguments given (non-null) among {@code arguments}, in the relation's order. */
        public List<String> givenFilters(Map<String, ?> arguments) {
            List<String> given = new ArrayList<>();
            for (String argument : relation.filterArguments()) {
                if (arguments.get(argument) != null) {
                    given.add(argument);
                }
            }
            return given;
        }

        /** The most records this relation gives for {@code parents} parents, as far as batching below cares. */
        public int recordsFor(int parents) {
            long records = relation.many() ? (long) parents * rowsPerParent : parents;
            return (int) Math.min(records, SourcePlanner.MAXIMUM_BATCH);
        }
    }

    private final Map<List<Object>, Read> reads;
    /** The reads in the operation's order: a relation's parent read comes before it. */
    private final List<Read> order;

    OperationPlan(Map<List<Object>, Read> reads) {
        this.reads = Map.copyOf(reads);
        this.order = List.copyOf(reads.values());
    }

    /** The read the field at {@code path} runs; fails closed when the plan has none (nothing is read unplanned). */
    public <T extends Read> T read(List<?> path, Class<T> kind) {
        Read read = reads.get(path);
        if (!kind.isInstance(read)) {
            throw new IllegalStateException("no planned " + kind.getSimpleName() + " at " + path);
        }
        return kind.cast(read);
    }

    /**
     * The statements each planned read sends, in the operation's order, for the arguments its field was planned with
     * (explain's documents have no variables): a lookup's one statement, a page's (after a cursor if one is given),
     * and a relation's batch statement for the parents its level may have. A relation under a parent that is not
     * found sends nothing when it runs.
     */
    public List<Statement> statements(PlanCache plans) {
        List<Statement> statements = new ArrayList<>();
        Map<List<Object>, Integer> records = new HashMap<>();
        for (Read read : order) {
            List<Object> path = read.field().path();
            Map<String, Object> arguments = read.field().arguments();
            if (read instanceof Lookup lookup) {
                statements.add(statement(path, plans.plan(lookup.shape()), 1));
                records.put(path, 1);
            } else if (read instanceof Page page) {
                int size = page.pageSize(arguments.get("first"));
                statements.add(statement(path, plans.plan(page.shape(arguments.get("after") != null)), 0));
                records.put(path, size);
            } else if (read instanceof Relation relation) {
                int parents = parentRecords(path, records);
                int batch = SourcePlanner.batchSize(parents);
                statements.add(
                        statement(path, plans.plan(relation.shape(relation.givenFilters(arguments), batch)), batch));
                records.put(path, relation.recordsFor(parents));
            }
        }
        return statements;
    }

    /** The most records of the nearest planned read above {@code path}. */
    private static int parentRecords(List<Object> path, Map<List<Object>, Integer> records) {
        for (int end = path.size() - 1; end > 0; end--) {
            Integer count = records.get(path.subList(0, end));
            if (count != null) {
                return count;
            }
        }
        throw new IllegalStateException("a relation without a parent read: " + path);
    }

    private static Statement statement(List<Object> path, CompiledQuery query, int keys) {
        return new Statement(
                path.stream().map(String::valueOf).collect(Collectors.joining(".")),
                query.source(),
                query.sql(),
                query.placeholderCount(),
                keys);
    }
}
