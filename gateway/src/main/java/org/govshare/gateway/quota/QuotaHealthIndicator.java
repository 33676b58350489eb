package org.govshare.gateway.quota;

import org.govshare.gateway.operations.HealthStatuses;
import org.govshare.gateway.redis.SharedRedis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The quotas' health: UP while the counters shared in Redis answer, DEGRADED while this instance enforces its local
 * share of each limit (the gateway keeps serving, within the smaller limits).
 */
public final class QuotaHealthIndicator implements HealthIndicator {
    private final SharedRedis redis;
    private final RedisState state;
    private final int expectedInstances;

    public QuotaHealthIndicator(SharedRedis redis, RedisState state, int expectedInstances) {
        this.redis = redis;
        this.state = state;
        this.expectedInstances = expectedInstances;
    }

    @Override
    public Health health() {
        if (state.degraded()) {
            // Probe, so that recovery shows even before the next request with a quota tries Redis.
            new Failover(state).attempt(() -> redis.commands().ping());
        }
        if (!state.degraded()) {
            return Health.up().withDetail("counters", "shared in Redis").build();
        }
        return Health.status(HealthStatuses.DEGRADED)
                .withDetail("counters", "local, 1/" + expectedInstances + " of each limit")
                .withDetail("since", String.valueOf(state.degradedSince()))
                .withDetail("problem", String.valueOf(state.problem()))
                .build();
    }
}
