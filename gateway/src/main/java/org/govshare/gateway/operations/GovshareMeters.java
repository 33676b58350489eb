package org.govshare.gateway.operations;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What Prometheus users expect of the gateway's own meters: latency histograms ({@code _bucket} series, from 1 ms to
 * 10 s) for requests and source queries, so p95 and p99 come from {@code histogram_quantile} per kind, outcome and
 * source, summed over any number of instances.
 */
public final class GovshareMeters implements MeterFilter {
    /** The meters with latency histograms. */
    static final Set<String> HISTOGRAMS = Set.of("govshare.request.duration", "govshare.source.query");

    /** Bucket bounds: a key lookup takes about a millisecond, a source's query timeout is seconds. */
    private static final double[] BUCKETS = bounds(
            Duration.ofMillis(1),
            Duration.ofMillis(2),
            Duration.ofMillis(5),
            Duration.ofMillis(10),
            Duration.ofMillis(25),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofMillis(2_500),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10));

    @Override
    public @Nullable DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!HISTOGRAMS.contains(id.getName()) || config.getServiceLevelObjectiveBoundaries() != null) {
            return config;
        }
        return DistributionStatisticConfig.builder()
                .serviceLevelObjectives(BUCKETS)
                .build()
                .merge(config);
    }

    private static double[] bounds(Duration... durations) {
        double[] nanos = new double[durations.length];
        for (int i = 0; i < durations.length; i++) {
            nanos[i] = durations[i].toNanos();
        }
        return nanos;
    }
}
