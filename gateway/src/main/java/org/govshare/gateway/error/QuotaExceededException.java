package org.govshare.gateway.error;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * A quota is used up: {@code QUOTA_EXCEEDED}, and when the caller may try again ({@code Retry-After}). Which quota it
 * was is for the operators' meters only ({@code govshare_quota_refusals_total{kind}}); the caller reads it in the
 * message.
 */
public final class QuotaExceededException extends GovshareException {
    private static final long serialVersionUID = 1L;

    /**
     * The quotas that refuse: requests per second, distinct subjects per day, guesses (mismatched or range claims)
     * per subject, lookups by key that found nothing.
     */
    public enum Kind {
        RATE,
        SUBJECTS,
        MISMATCHES,
        LOOKUP_MISSES
    }

    private final Kind kind;
    private final long retryAfterSeconds;

    public QuotaExceededException(Kind kind, String safeMessage, long retryAfterSeconds) {
        super(ErrorCode.QUOTA_EXCEEDED, safeMessage);
        this.kind = requireNonNull(kind, "kind is null");
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public Kind kind() {
        return kind;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The error's extensions: the code and {@code retryAfter} in seconds. */
    public Map<String, Object> extensions() {
        return Map.of("code", code().name(), "retryAfter", retryAfterSeconds);
    }

    /** Counts this refusal in {@code govshare.quota.refusals}, the one meter of every quota's refusals. */
    public void count(MeterRegistry meters) {
        Counter.builder("govshare.quota.refusals")
                .description("Operations or verifications refused by a quota, by kind (RATE, SUBJECTS, MISMATCHES)")
                .tag("kind", kind.name())
                .register(meters)
                .increment();
    }
}
