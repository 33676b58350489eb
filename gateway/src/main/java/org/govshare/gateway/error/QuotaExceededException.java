package org.govshare.gateway.error;

/** A quota is used up: {@code QUOTA_EXCEEDED}, and when the caller may try again ({@code Retry-After}). */
public final class QuotaExceededException extends GovshareException {
    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public QuotaExceededException(String safeMessage, long retryAfterSeconds) {
        super(ErrorCode.QUOTA_EXCEEDED, safeMessage);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The error's extensions: the code and {@code retryAfter} in seconds. */
    public java.util.Map<String, Object> extensions() {
        return java.util.Map.of("code", code().name(), "retryAfter", retryAfterSeconds);
    }
}
