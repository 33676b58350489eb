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
    public Admission admit(QuotaKey key, int perSecond, long subjectCeiling) {
        return failover.attempt(
                () -> shared.admit(key, perSecond, subjectCeiling), () -> local.admit(key, perSecond, subjectCeiling));
    }

    @Override
    public Admission admitSubjects(QuotaKey key, Collection<String> subjectDigests, long subjectCeiling) {
        return failover.attempt(
                () -> {
                    Admission admission = shared.admitSubjects(key, subjectDigests, subjectCeiling);
                    if (admission.admitted()) {
                        // Counted locally too, so that if Redis fails this instance's share starts from them.
                        local.record(key, subjectDigests);
                    }
                    return admission;
                },
                () -> local.admitSubjects(key, subjectDigests, subjectCeiling));
    }
}
