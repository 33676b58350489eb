package org.govshare.gateway.quota;

import java.util.Collection;

/** The quota counters in Redis, or this instance's share of them while Redis is down (see {@link Failover}). */
public final class FailoverQuotaStore implements QuotaStore {
    private final RedisQuotaStore shared;
    private final LocalQuotaStore local;
    private final Failover failover;

    public FailoverQuotaStore(RedisQuotaStore shared, LocalQuotaStore local, RedisState state) {
        this.shared = shared;
        this.local = local;
        this.failover = new Failover(state);
    }

    @Override
    public RateLimit tryAcquire(QuotaKey key, int perSecond) {
        return failover.attempt(() -> shared.tryAcquire(key, perSecond), () -> local.tryAcquire(key, perSecond));
    }

    @Override
    public long subjectsToday(QuotaKey key) {
        return failover.attempt(() -> shared.subjectsToday(key), () -> local.subjectsToday(key));
    }

    @Override
    public void addSubjects(QuotaKey key, Collection<String> subjectDigests) {
        // Counted locally too, so that if Redis fails this instance's share starts from what it has seen.
        local.addSubjects(key, subjectDigests);
        failover.attempt(() -> shared.addSubjects(key, subjectDigests));
    }
}
