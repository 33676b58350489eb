package org.govshare.gateway.quota;

import static java.util.Objects.requireNonNull;

/** Whose quota a request draws on: the consumer's for one purpose (grants, and their limits, are per purpose). */
public record QuotaKey(String consumer, String purpose) {
    public QuotaKey {
        requireNonNull(consumer, "consumer is null");
        requireNonNull(purpose, "purpose is null");
    }
}
