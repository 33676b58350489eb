package org.govshare.policy.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Whether a VERIFY grant may be used in batch verification jobs, and within which limits: the most subjects one job
 * may hold, the most subjects the consumer's jobs under the grant may hold per day, and how long a job's results are
 * kept before they are deleted. {@link #NONE} (the default of every grant) allows no job at all.
 */
public record BatchUse(int maximumSubjectsPerJob, int maximumSubjectsPerDay, Duration resultRetention) {
    /** No batch use: online verification only. */
    public static final BatchUse NONE = new BatchUse(0, 0, Duration.ZERO);

    /** The most subjects a job may ever hold, whatever a grant says. */
    public static final int MAXIMUM_SUBJECTS_PER_JOB = 1_000_000;

    public BatchUse {
        requireNonNull(resultRetention, "resultRetention is null");
        if (maximumSubjectsPerJob < 0 || maximumSubjectsPerDay < 0 || resultRetention.isNegative()) {
            throw new IllegalArgumentException("batch use limits out of range");
        }
        if (maximumSubjectsPerJob > MAXIMUM_SUBJECTS_PER_JOB) {
            throw new IllegalArgumentException(
                    "batch use allows at most " + MAXIMUM_SUBJECTS_PER_JOB + " subjects per job");
        }
        boolean allowed = maximumSubjectsPerJob > 0;
        if (allowed && (maximumSubjectsPerDay < maximumSubjectsPerJob || resultRetention.isZero())) {
            throw new IllegalArgumentException(
                    "batch use needs a daily limit of at least one job's subjects and a result retention");
        }
        if (!allowed && (maximumSubjectsPerDay != 0 || !resultRetention.isZero())) {
            throw new IllegalArgumentException("batch use without subjects per job must set no other limit");
        }
    }

    /** Jobs are allowed at all. */
    public boolean allowed() {
        return maximumSubjectsPerJob > 0;
    }
}
