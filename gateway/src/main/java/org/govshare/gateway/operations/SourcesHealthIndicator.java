package org.govshare.gateway.operations;

import java.util.LinkedHashMap;
import java.util.Map;
import org.govshare.connector.source.Source;
import org.govshare.connector.source.SourceGuard;
import org.govshare.connector.source.SourceRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The sources' health, one detail each: AVAILABLE, RESTING after failures (callers are refused at once) or TRYING
 * again, and the queries under way. One source down leaves the gateway serving the others: the status is DEGRADED,
 * not DOWN, so a load balancer keeps the instance (DOWN only when no source serves).
 */
public final class SourcesHealthIndicator implements HealthIndicator {
    private final SourceRegistry sources;

    public SourcesHealthIndicator(SourceRegistry sources) {
        this.sources = sources;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        int available = 0;
        for (Source source : sources.all()) {
            SourceGuard guard = source.guard();
            details.put(source.name(), guard.state() + " (" + guard.queriesUnderWay() + " under way)");
            if (guard.state() != SourceGuard.State.RESTING) {
                available++;
            }
        }
        Health.Builder health = available == sources.all().size()
                ? Health.up()
                : available == 0 ? Health.down() : Health.status(HealthStatuses.DEGRADED);
        return health.withDetails(details).build();
    }
}
