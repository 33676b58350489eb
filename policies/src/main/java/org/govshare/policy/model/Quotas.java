package org.govshare.policy.model;

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
}
