package org.govshare.gateway.read;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.plan.CompiledQuery;
import org.govshare.connector.plan.KeyLookupShape;
import org.govshare.connector.plan.PlanCache;
import org.govshare.gateway.audit.RequestTrace;
import org.govshare.gateway.subject.Subject;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.RelationField;
import org.jspecify.annotations.Nullable;

/**
 * Loads one relation for many parent records at once: the keys collected at one level of the query become one
 * source query per shape (at most {@link #MAXIMUM_BATCH} keys each), so {@code residents(first: 100) { pension {
 * status } }} reaches the pension source once, not a hundred times.
 */
final class RelationLoader {
    static final int MAXIMUM_BATCH = 100;
    /** Batch sizes are rounded up to one of these so that a few plans serve every batch (padding repeats a key). */
    private static final int[] BUCKETS = {1, 2, 4, 8, 16, 32, 64, MAXIMUM_BATCH};

    private final RelationField relation;
    private final CatalogType target;
    private final List<String> matchFields;
    private final PlanCache plans;
    private final SourceQueryExecutor executor;

    RelationLoader(RelationField relation, CatalogType target, PlanCache plans, SourceQueryExecutor executor) {
        this.relation = relation;
        this.target = target;
        this.matchFields = target.keyFields().subList(0, relation.columns().size());
        this.plans = plans;
        this.executor = executor;
    }

    /** Loads every request; {@code trace} (if any) learns the rows read and the subjects they are about. */
    CompletableFuture<Map<RelationRequest, Object>> load(Set<RelationRequest> requests, @Nullable RequestTrace trace) {
        Map<RelationRequest.ShapeGroup, List<RelationRequest>> groups = new LinkedHashMap<>();
        for (RelationRequest request : requests) {
            groups.computeIfAbsent(request.group(), group -> new ArrayList<>()).add(request);
        }
        List<CompletableFuture<Map<RelationRequest, Object>>> parts = new ArrayList<>();
        for (Map.Entry<RelationRequest.ShapeGroup, List<RelationRequest>> group : groups.entrySet()) {
            List<RelationRequest> members = group.getValue();
            for (int start = 0; start < members.size(); start += MAXIMUM_BATCH) {
                parts.add(loadBatch(
                        group.getKey(),
                        members.subList(start, Math.min(members.size(), start + MAXIMUM_BATCH)),
                        trace));
            }
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<RelationRequest, Object> results = new HashMap<>();
            parts.forEach(part -> results.putAll(part.join()));
            return results;
        });
    }

    private CompletableFuture<Map<RelationRequest, Object>> loadBatch(
            RelationRequest.ShapeGroup group, List<RelationRequest> batch, @Nullable RequestTrace trace) {
        int bucket = bucket(batch.size());
        // The match fields come back too, so that each row finds the parent that asked for it.
        List<String> fields = new ArrayList<>(group.fields());
        fields.addAll(matchFields);
        KeyLookupShape shape = KeyLookupShape.byKey(target.name(), matchFields)
                .reading(fields, group.relations(), group.masks())
                .batchOf(bucket)
                .filteredBy(group.filterFields())
                .where(group.conditions().conditions());
        CompiledQuery query = plans.plan(shape);
        @Nullable Object[] slots = new Object[shape.slotCount()];
        int slot = 0;
        for (int tuple = 0; tuple < bucket; tuple++) {
            List<Object> key = batch.get(Math.min(tuple, batch.size() - 1)).key();
            for (Object value : key) {
                slots[slot++] = value;
            }
        }
        for (Object value : group.filterValues()) {
            slots[slot++] = value;
        }
        for (Object value : group.conditions().values()) {
            slots[slot++] = value;
        }
        return executor.executeAsync(query, slots).thenApply(rows -> byRequest(query, batch, rows, trace));
    }

    private Map<RelationRequest, Object> byRequest(
            CompiledQuery query,
            List<RelationRequest> batch,
            List<@Nullable Object[]> rows,
            @Nullable RequestTrace trace) {
        Map<List<Object>, List<CatalogRecord>> byKey = new HashMap<>();
        if (batch.size() == 1) {
            // One key asked: every row is its own, and a masked match field was read masked only.
            List<CatalogRecord> records = new ArrayList<>(rows.size());
            rows.forEach(row -> records.add(new CatalogRecord(query, row)));
            if (!records.isEmpty()) {
                byKey.put(batch.get(0).key(), records);
            }
        } else {
            int[] positions =
                    matchFields.stream().mapToInt(query::rawFieldPosition).toArray();
            for (@Nullable Object[] row : rows) {
                List<Object> key = new ArrayList<>(positions.length);
                for (int position : positions) {
                    key.add(row[position]);
                }
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new CatalogRecord(query, row));
            }
        }
        if (trace != null) {
            trace.read(query.source(), rows.size());
            byKey.keySet().forEach(key -> trace.touched(Subject.of(target, key)));
        }
        Map<RelationRequest, Object> results = new HashMap<>();
        for (RelationRequest request : batch) {
            List<CatalogRecord> records = byKey.getOrDefault(request.key(), List.of());
            if (relation.many()) {
                results.put(request, records);
            } else if (!records.isEmpty()) {
                results.put(request, records.get(0));
            }
        }
        return results;
    }

    private static int bucket(int size) {
        for (int bucket : BUCKETS) {
            if (size <= bucket) {
                return bucket;
            }
        }
        throw new IllegalArgumentException("batch larger than " + MAXIMUM_BATCH);
    }
}
