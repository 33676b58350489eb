package org.govshare.policy.model;

import java.util.Collection;

/**
 * Limits a grant sets on its use. Zero means no limit of that kind beyond the gateway's defaults; rows per page
 * never exceed the contract's 100.
 */
public record Quotas(
        int requestsPerSecond, int mismatchesPerSubjectPerDay, int distinctSubjectsPerDay, int rowsPerPage) {
    public static final Quotas NONE = new Quotas(0, 0, 0, 100);

    public Quotas {
        if (requestsPerSecond < 0 || mismatchesPerSubjectPerDay < 0 || distinctSubjectsPerDay < 0 || rowsPerPage < 1) {
            throw new IllegalArgumentException("quotas out of range");
        }
    }

    /** The strictest of each limit over several grants: the smallest non-zero one (zero when all are zero). */
    public static Quotas strictest(Collection<Quotas> quotas) {
        Quotas result = NONE;
        for (Quotas other : quotas) {
            result = new Quotas(
                    stricter(result.requestsPerSecond, other.requestsPerSecond),
                    stricter(result.mismatchesPerSubjectPerDay, other.mismatchesPerSubjectPerDay),
                    stricter(result.distinctSubjectsPerDay, other.distinctSubjectsPerDay),
                    Math.min(result.rowsPerPage, other.rowsPerPage));
        }
        return result;
    }

    private static int stricter(int left, int right) {
        if (left == 0) {
            return right;
        }
        return right == 0 ? left : Math.min(left, right);
    }
}
