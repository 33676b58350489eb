package org.govshare.policy.model;

import java.util.Collection;

/**
 * Limits a grant sets on its use. Zero means no limit of that kind beyond the gateway's defaults (the guessing
 * defences, verification mismatches and lookup misses, always have one); rows per page never exceed the contract's
 * 100. {@code lookupMissesPerDay} counts the consumer's lookups and verifications by key that found no record (none
 * at all, or none within its row filters): each is a guess at a key.
 */
public record Quotas(
        int requestsPerSecond,
        int mismatchesPerSubjectPerDay,
        int distinctSubjectsPerDay,
        int rowsPerPage,
        int lookupMissesPerDay) {
    public static final Quotas NONE = new Quotas(0, 0, 0, 100, 0);

    /**
     * What a grant made by the share-request workflow carries unless it says otherwise: every kind of limit set, so no
     * grant, automatic or reviewed, is without quotas.
     */
    public static final Quotas WORKFLOW_DEFAULT = new Quotas(10, 5, 1_000, 100, 20);

    public Quotas {
        if (requestsPerSecond < 0
                || mismatchesPerSubjectPerDay < 0
                || distinctSubjectsPerDay < 0
                || rowsPerPage < 1
                || lookupMissesPerDay < 0) {
            throw new IllegalArgumentException("quotas out of range");
        }
    }

    /** Quotas without a lookup-miss limit of their own (the gateway's default applies). */
    public Quotas(int requestsPerSecond, int mismatchesPerSubjectPerDay, int distinctSubjectsPerDay, int rowsPerPage) {
        this(requestsPerSecond, mismatchesPerSubjectPerDay, distinctSubjectsPerDay, rowsPerPage, 0);
    }

    /** The strictest of each limit over several grants: the smallest non-zero one (zero when all are zero). */
    public static Quotas strictest(Collection<Quotas> quotas) {
        Quotas result = NONE;
        for (Quotas other : quotas) {
            result = new Quotas(
                    stricter(result.requestsPerSecond, other.requestsPerSecond),
                    stricter(result.mismatchesPerSubjectPerDay, other.mismatchesPerSubjectPerDay),
                    stricter(result.distinctSubjectsPerDay, other.distinctSubjectsPerDay),
                    Math.min(result.rowsPerPage, other.rowsPerPage),
                    stricter(result.lookupMissesPerDay, other.lookupMissesPerDay));
        }
        return result;
    }

    /** These quotas with every limit they leave at zero taken from {@code defaults}. */
    public Quotas orDefaults(Quotas defaults) {
        return new Quotas(
                requestsPerSecond == 0 ? defaults.requestsPerSecond : requestsPerSecond,
                mismatchesPerSubjectPerDay == 0 ? defaults.mismatchesPerSubjectPerDay : mismatchesPerSubjectPerDay,
                distinctSubjectsPerDay == 0 ? defaults.distinctSubjectsPerDay : distinctSubjectsPerDay,
                Math.min(rowsPerPage, defaults.rowsPerPage),
                lookupMissesPerDay == 0 ? defaults.lookupMissesPerDay : lookupMissesPerDay);
    }

    private static int stricter(int left, int right) {
        if (left == 0) {
            return right;
        }
        return right == 0 ? left : Math.min(left, right);
    }
}
