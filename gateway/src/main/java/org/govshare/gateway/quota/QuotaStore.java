package org.govshare.gateway.quota;

import java.util.Collection;

/** The counters behind the quotas of grants: may this request go, and which subjects were touched today. */
public interface QuotaStore {
    /**
     * Takes one request from the key's token bucket of {@code perSecond} (capacity and refill per second; 0: no rate
     * limit) and checks the day's distinct subjects against {@code subjectCeiling} (0: none), in one step.
     */
    Admission admit(QuotaKey key, int perSecond, long subjectCeiling);

    /**
     * Counts these subjects (keyed digests) as touched today by the key, all or none, before their rows leave: when the
     * ones not counted yet would take the day's distinct subjects past {@code subjectCeiling}, none is counted and the
     * answer is the refusal (the rows must then not leave). One atomic step, so concurrent requests (on any instance)
     * cannot pass the ceiling together.
     */
    Admission admitSubjects(QuotaKey key, Collection<String> subjectDigests, long subjectCeiling);

    /** Whether a request may go now; if not, which limit refused it and in how many seconds to try again. */
    record Admission(Refusal refusal, long retryAfterSeconds) {
        public static final Admission ADMITTED = new Admission(Refusal.NONE, 0);

        /** The limit that refused, if any. */
        public enum Refusal {
            NONE,
            RATE,
            SUBJECTS
        }

        public Admission {
            java.util.Objects.requireNonNull(refusal, "refusal is null");
            if (refusal != Refusal.NONE && retryAfterSeconds < 1) {
                throw new IllegalArgumentException("a refusal says when to retry");
            }
        }

        public boolean admitted() {
            return refusal == Refusal.NONE;
        }
    }
}
