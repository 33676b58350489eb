package org.govshare.gateway.job;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where a job's batches spend their wall-clock time, phase by phase (most of it is waiting on round trips to the
 * control plane, the source, Redis and the audit trail, not CPU): kept per job while an instance works on it, and
 * logged when its turn ends, so that a slow job shows which phase to look at.
 */
final class BatchTimings {
    /** The phases of one batch, in the order they run. */
    enum Phase {
        JOB_ROW,
        PENDING,
        POLICY,
        STATEMENT,
        /** Waiting for the previous batch's write, the part of it the check did not overlap. */
        WAIT_FOR_WRITE,
        /**
         * On the writer thread, overlapping the next batch's check: admitting the batch's subjects and booking their
         * guesses ({@code VerificationGuard.admitAll}).
         */
        ADMIT,
        /** The wait for the batch's audit record to be durable once its outcomes could be written (overlapping). */
        AUDIT,
        /** On the writer thread, overlapping the next batch's check. */
        COMPLETE
    }

    private final Map<Phase, Long> nanos = new EnumMap<>(Phase.class);
    private long batches;
    private long subjects;

    void add(Phase phase, long took) {
        nanos.merge(phase, took, Long::sum);
    }

    void batch(int size) {
        batches++;
        subjects += size;
    }

    long batches() {
        return batches;
    }

    /** One line: batches, subjects, and each phase's mean milliseconds per batch. */
    @Override
    public String toString() {
        StringJoiner phases = new StringJoiner(", ");
        long total = 0;
        for (Phase phase : Phase.values()) {
            long took = nanos.getOrDefault(phase, 0L);
            if (phase != Phase.ADMIT && phase != Phase.AUDIT && phase != Phase.COMPLETE) {
                total += took;
            }
            phases.add(String.format(
                    Locale.ROOT,
                    "%s %.2f",
                    phase.name().toLowerCase(Locale.ROOT),
                    batches == 0 ? 0 : took / 1e6 / batches));
        }
        return String.format(
                Locale.ROOT,
                "%d batches, %d subjects, ms per batch: %s (sum without admit, audit and complete, which overlap:"
                        + " %.2f)",
                batches,
                subjects,
                phases,
                batches == 0 ? 0 : total / 1e6 / batches);
    }
}
