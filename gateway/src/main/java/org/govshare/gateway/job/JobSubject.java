package org.govshare.gateway.job;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One subject of a job: its place in the submission, its key as the consumer sent it (normalised), its own claims
 * (JSON, when the job's claims are per subject), and once checked its outcome and the outcome of each claim
 * ({@code name=MATCH,status=MISMATCH}).
 */
public record JobSubject(
        int position,
        String key,
        @Nullable String claims,
        @Nullable String outcome,
        @Nullable String claimOutcomes) {
    public JobSubject {
        requireNonNull(key, "key is null");
    }
}
