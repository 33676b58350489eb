package org.govshare.gateway.job;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A verification job as the control plane holds it: who submitted it and why (consumer, purpose, case, operator), the
 * type verified and its claims (JSON; empty when every subject carries its own), its state, and how far it is:
 * subjects {@code 0 … done - 1} in submission order are checked, the others are pending.
 */
public record Job(
        String id,
        String consumer,
        String purpose,
        @Nullable String caseId,
        @Nullable String operatorId,
        String type,
        String claims,
        boolean perSubject,
        State state,
        int total,
        int done,
        @Nullable String pendingReason,
        Instant submittedAt,
        @Nullable Instant finishedAt,
        Instant expiresAt) {
    /** Where a job is: being checked, finished, cancelled by its consumer, stopped by a withdrawn grant, or expired. */
    public enum State {
        RUNNING,
        DONE,
        CANCELLED,
        REFUSED,
        EXPIRED;

        /** Nothing more will be checked. */
        public boolean finished() {
            return this != RUNNING;
        }
    }

    public Job {
        requireNonNull(id, "id is null");
        requireNonNull(consumer, "consumer is null");
        requireNonNull(purpose, "purpose is null");
        requireNonNull(type, "type is null");
        requireNonNull(claims, "claims is null");
        requireNonNull(state, "state is null");
        requireNonNull(submittedAt, "submittedAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        if (done < 0 || done > total) {
            throw new IllegalArgumentException("done out of range");
        }
    }
}
