package org.govshare.connector.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Checks claims about a set of records at their source in one statement (batch verification, 核验 in sets): the
 * records whose single {@code keyField} equals one of {@code batchSize} keys, each result row holding the record's key
 * and then one column per claim, 1 when it holds and 0 otherwise, in the order of {@code claims}. No other field value
 * is returned, and row conditions of the caller's grants apply: a record outside them is not found. A key asked for
 * that yields no row has no record (within the caller's rows).
 *
 * <p>The claimed values are the same for every key ({@code perSubject} false: one slot per claim), or given per key
 * ({@code perSubject} true: {@code batchSize} slots per claim, in key order), which the statement checks with one
 * {@code CASE WHEN key = ? AND test THEN 1 …} per claim. Without claims the statement only says which keys have a
 * record (the subject of a job whose claims are all about related records).
 *
 * <p>{@code selectors} pick one record per key where the key field alone names several (a resident's income record
 * of one {@code year}, keyed by ID number and year): each selector field must equal one value, the same for every
 * key.
 *
 * <p>Slots: the keys ({@code batchSize}), then the claimed values (per claim: one, or one per key), then one per row
 * condition, then one per selector. A batch with fewer keys repeats its last key: the statement is the same, and so is
 * the cached plan. On PostgreSQL the key condition binds the key slots as one array ({@code key = ANY(?)}, see
 * {@link CompiledQuery#arrayParameter()}), so the statement's text is the same for any {@code batchSize} unless claims
 * are per subject (whose {@code CASE} still has a branch per key); elsewhere it is one {@code key = ?} per key.
 */
public record SetClaimCheckShape(
        String type,
        String keyField,
        int batchSize,
        List<ClaimTest> claims,
        boolean perSubject,
        List<RowCondition> conditions,
        List<String> selectors) {
    public SetClaimCheckShape {
        requireNonNull(type, "type is null");
        requireNonNull(keyField, "keyField is null");
        claims = List.copyOf(claims);
        conditions = List.copyOf(conditions);
        selectors = List.copyOf(selectors);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        if (perSubject && claims.isEmpty()) {
            throw new IllegalArgumentException("a set claim check with per-subject claims needs claims");
        }
    }

    /** Claims about the records that the key field alone names (no selector). */
    public SetClaimCheckShape(
            String type,
            String keyField,
            int batchSize,
            List<ClaimTest> claims,
            boolean perSubject,
            List<RowCondition> conditions) {
        this(type, keyField, batchSize, claims, perSubject, conditions, List.of());
    }

    /** The slot of a claimed value: the claim's own (shared), or the claim's for the key at {@code keyIndex}. */
    public int claimSlot(int claim, int keyIndex) {
        return perSubject ? batchSize + claim * batchSize + keyIndex : batchSize + claim;
    }

    /** The slot of the first row condition; the others follow. */
    public int firstConditionSlot() {
        return batchSize + claims.size() * (perSubject ? batchSize : 1);
    }

    /** The slot of selector {@code selector}'s value. */
    public int selectorSlot(int selector) {
        return firstConditionSlot() + conditions.size() + selector;
    }

    public int slotCount() {
        return firstConditionSlot() + conditions.size() + selectors.size();
    }
}
