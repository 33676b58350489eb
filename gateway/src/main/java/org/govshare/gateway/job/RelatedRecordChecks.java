package org.govshare.gateway.job;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.plan.CompiledQuery;
import org.govshare.connector.plan.SetClaimCheckCompiler;
import org.govshare.connector.plan.SetClaimCheckShape;
import org.govshare.gateway.read.RelationKeys;
import org.govshare.gateway.read.RowConditions;
import org.govshare.gateway.verification.ClaimTree;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.schema.catalog.CatalogType;
import org.jspecify.annotations.Nullable;

/**
 * A job's claims about related records (its shared claims, see {@link JobClaims#parse}): one set statement per
 * related record type and batch, at that record's own source, with the keys of the batch's subjects that have a
 * record, the related type's row conditions and the selectors that pick the record ({@code tax_year = ?}). Only keys
 * and the claims' outcomes come back; a subject without the related record (none, or none in the caller's rows)
 * mismatches its claims, as in online verification.
 *
 * <p>Why not one statement with a join: a related record is usually on another source (every relation of the demo
 * catalog crosses sources), and two statements of one table each keep both key lookups on their indexes.
 */
final class RelatedRecordChecks {
    private RelatedRecordChecks() {}

    /**
     * The outcomes of {@code claims}' related claims for each of {@code keys} (subjects that have a record), in the
     * order of {@link JobClaims#claims} after the subject's own: 1 when a claim holds, 0 otherwise.
     */
    static Map<String, int[]> check(
            SourceQueryExecutor executor,
            SetClaimCheckCompiler compiler,
            Allowed allowed,
            ClaimTree claims,
            List<String> keys,
            int batchSize) {
        int total = claims.claimCount() - claims.claims().size();
        Map<String, int[]> bits = new HashMap<>();
        keys.forEach(key -> bits.put(key, new int[total]));
        int offset = 0;
        for (ClaimTree.Related related : claims.related()) {
            ClaimTree tree = related.tree();
            for (int from = 0; from < keys.size(); from += batchSize) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + batchSize));
                Statement statement = statement(compiler, allowed, related, chunk, batchSize);
                for (@Nullable Object[] row : executor.execute(statement.query(), statement.slots())) {
                    int[] of = requireNonNull(bits.get(String.valueOf(row[0])), "a key that was not sent");
                    for (int c = 0; c < tree.claims().size(); c++) {
                        of[offset + c] = ((Number) requireNonNull(row[c + 1])).intValue();
                    }
                }
            }
            offset += tree.claims().size();
        }
        return bits;
    }

    /** A compiled statement and the values of its slots. */
    private record Statement(CompiledQuery query, @Nullable Object[] slots) {}

    /** The related type's statement for {@code chunk} and the values of its slots. */
    private static Statement statement(
            SetClaimCheckCompiler compiler,
            Allowed allowed,
            ClaimTree.Related related,
            List<String> chunk,
            int batchSize) {
        CatalogType target = related.tree().type();
        String keyField = RelationKeys.matchFields(target, related.relation()).get(0);
        int prefix = related.relation().columns().size();
        List<String> selectors = target.keyFields()
                .subList(prefix, prefix + related.selectorValues().size());
        RowConditions conditions = RowConditions.of(allowed.rowFilters(target.name()));
        List<ClaimTree.Checked> claims = related.tree().claims();
        // A short chunk takes a statement for fewer keys (a power of two), so few shapes are ever compiled.
        int size = Math.min(batchSize, Integer.highestOneBit(Math.max(1, chunk.size() - 1)) << 1);
        SetClaimCheckShape shape = new SetClaimCheckShape(
                target.name(),
                keyField,
                size,
                claims.stream().map(ClaimTree.Checked::test).toList(),
                false,
                conditions.conditions(),
                selectors);
        @Nullable Object[] slots = new Object[shape.slotCount()];
        for (int k = 0; k < size; k++) {
            slots[k] = chunk.get(Math.min(k, chunk.size() - 1));
        }
        for (int c = 0; c < claims.size(); c++) {
            slots[shape.claimSlot(c, 0)] = claims.get(c).value();
        }
        int slot = shape.firstConditionSlot();
        for (Object value : conditions.values()) {
            slots[slot++] = value;
        }
        for (int s = 0; s < selectors.size(); s++) {
            slots[shape.selectorSlot(s)] = related.selectorValues().get(s);
        }
        return new Statement(compiler.plan(shape), slots);
    }
}
