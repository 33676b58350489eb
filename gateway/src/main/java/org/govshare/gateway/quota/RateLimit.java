package org.govshare.gateway.quota;

/** Whether a request may go now, and if not, in how many seconds it may try again (at least 1). */
public record RateLimit(boolean allowed, long retryAfterSeconds) {
    public static final RateLimit ALLOWED = new RateLimit(true, 0);

    public RateLimit {
        if (!allowed && retryAfterSeconds < 1) {
            throw new IllegalArgumentException("a refusal says when to retry");
        }
    }
}
