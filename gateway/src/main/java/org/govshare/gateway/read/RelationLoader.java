package org.govshare.gateway.read;

import io.micrometer.context.ContextSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.plan.CompiledQuery;
import org.govshare.connector.plan.PlanCache;
import org.govshare.gateway.request.RequestRecord;
import org.govshare.gateway.subject.Subject;
import org.jspecify.annotations.Nullable;

/**
 * Loads one relation for many parent records at once: the keys collected at one level of the query become one
 * source query per planned relation (its {@link SourcePlanner#batchSize} keys each), so {@code residents(first: 100)
 * { pension { status } }} reaches the pension source once, not a hundred times. The statements are the ones the
 * {@link OperationPlan} lists: it binds and executes them only.
 */
final class RelationLoader {
    private final PlanCache plans;
    private final SourceQueryExecutor executor;

    RelationLoader(PlanCache plans, SourceQueryExecutor executor) {
        this.plans = plans;
        this.executor = executor;
    }

    /**
     * Loads every request; {@code trace} (if any) learns the rows read and the subjects they are about. The source
     * statements start on their sources' threads with the request's {@code context}; with {@code lastHere}, the last
     * one runs on this thread instead (see {@link RelationLoaders}).
     */
    CompletableFuture<Map<RelationRequest, Object>> load(
            Set<RelationRequest> requests, @Nullable RequestRecord trace, ContextSnapshot context, boolean lastHere) {
        Map<RelationRequest.ShapeGroup, List<RelationRequest>> groups = new LinkedHashMap<>();
        for (RelationRequest request : requests) {
            groups.computeIfAbsent(request.group(), group -> new ArrayList<>()).add(request);
        }
        List<Batch> batches = new ArrayList<>();
        for (Map.Entry<RelationRequest.ShapeGroup, List<RelationRequest>> group : groups.entrySet()) {
            List<RelationRequest> members = group.getValue();
            int batchSize = SourcePlanner.batchSize(group.getKey().parents());
            for (int start = 0; start < members.size(); start += batchSize) {
                batches.add(batch(
                        group.getKey(),
                        batchSize,
                        members.subList(start, Math.min(members.size(), start + batchSize))));
            }
        }
        List<CompletableFuture<Map<RelationRequest, Object>>> parts = new ArrayList<>(batches.size());
        for (int i = 0; i < batches.size(); i++) {
            Batch batch = batches.get(i);
            parts.add(
                    lastHere && i == batches.size() - 1
                            ? batch.runHere(executor, context, trace)
                            : batch.start(executor, context, trace));
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<RelationRequest, Object> results = new HashMap<>();
            parts.forEach(part -> results.putAll(part.join()));
            return results;
        });
    }

    private Batch batch(RelationRequest.ShapeGroup group, int batchSize, List<RelationRequest> members) {
        OperationPlan.Relation read = group.read();
        CompiledQuery query = plans.plan(read.shape(group.filterFields(), batchSize));
        @Nullable Object[] slots = new Object[query.placeholderCount()];
        int slot = 0;
        for (int tuple = 0; tuple < batchSize; tuple++) {
            // Fewer parents than planned: the last key is repeated, so the planned statement serves.
            List<Object> key = members.get(Math.min(tuple, members.size() - 1)).key();
            for (Object value : key) {
                slots[slot++] = value;
            }
        }
        for (Object value : group.filterValues()) {
            slots[slot++] = value;
        }
        for (Object value : read.conditions().values()) {
            slots[slot++] = value;
        }
        return new Batch(read, query, slots, members, read.recordsFor(group.parents()));
    }

    /** One source statement: the planned relation, its bound slots and the requests its rows answer. */
    private record Batch(
            OperationPlan.Relation read,
            CompiledQuery query,
            @Nullable Object[] slots,
            List<RelationRequest> members,
            int records) {
        CompletableFuture<Map<RelationRequest, Object>> start(
                SourceQueryExecutor executor, ContextSnapshot context, @Nullable RequestRecord trace) {
            return executor.executeAsync(query, slots, context).thenApply(rows -> answers(rows, trace));
        }

        CompletableFuture<Map<RelationRequest, Object>> runHere(
                SourceQueryExecutor executor, ContextSnapshot context, @Nullable RequestRecord trace) {
            List<@Nullable Object[]> rows;
            ContextSnapshot.Scope restored = context.setThreadLocals();
            try {
                rows = executor.execute(query, slots);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            } finally {
                restored.close();
            }
            return CompletableFuture.completedFuture(answers(rows, trace));
        }

        private Map<RelationRequest, Object> answers(List<@Nullable Object[]> rows, @Nullable RequestRecord trace) {
            return byRequest(read, query, members, rows, records, trace);
        }
    }

    private static Map<RelationRequest, Object> byRequest(
            OperationPlan.Relation read,
            CompiledQuery query,
            List<RelationRequest> batch,
            List<@Nullable Object[]> rows,
            int records,
            @Nullable RequestRecord trace) {
        Map<List<Object>, List<CatalogRecord>> byKey = new HashMap<>();
        if (batch.size() == 1) {
            // One key asked: every row is its own, and a masked match field was read masked only.
            List<CatalogRecord> found = new ArrayList<>(rows.size());
            rows.forEach(row -> found.add(new CatalogRecord(query, row, records)));
            if (!found.isEmpty()) {
                byKey.put(batch.get(0).key(), found);
            }
        } else {
            int[] positions = read.matchFields().stream()
                    .mapToInt(query::rawFieldPosition)
                    .toArray();
            for (@Nullable Object[] row : rows) {
                List<Object> key = new ArrayList<>(positions.length);
                for (int position : positions) {
                    key.add(row[position]);
                }
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new CatalogRecord(query, row, records));
            }
        }
        if (trace != null) {
            trace.read(query.source(), rows.size());
            byKey.keySet().forEach(key -> trace.touched(Subject.of(read.type(), key)));
        }
        Map<RelationRequest, Object> results = new HashMap<>();
        boolean many = read.relation().many();
        for (RelationRequest request : batch) {
            List<CatalogRecord> found = byKey.getOrDefault(request.key(), List.of());
            if (many) {
                results.put(request, found);
            } else if (!found.isEmpty()) {
                results.put(request, found.get(0));
            }
        }
        return results;
    }
}
