package org.govshare.gateway.quota;

import java.util.Collection;

/** The counters behind the quotas of grants: may this request go, and how many subjects were touched today. */
public interface QuotaStore {
    /** Takes one request from the key's token bucket of {@code perSecond} (its capacity and refill per second). */
    RateLimit tryAcquire(QuotaKey key, int perSecond);

    /** The distinct subjects the key has touched today (approximate where counted in Redis, within 1 %). */
    long subjectsToday(QuotaKey key);

    /** Counts these subjects (keyed digests) as touched today by the key. */
    void addSubjects(QuotaKey key, Collection<String> subjectDigests);
}
