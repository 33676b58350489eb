package org.govshare.loadtest.soak;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One progress reading during the soak.
 *
 * @param rate answers per second since the previous reading
 * @param errors errors since the soak began (unexpected answers and lost requests)
 * @param longLivedHeapBytes the gateway's old generation when read: what it holds live when {@code afterFullCollection},
 *     otherwise live objects and whatever garbage young collections promoted since the last full one
 * @param connectionsInUse connections in use or awaited in the gateway's pools
 * @param databaseSessions sessions open on the benchmark databases, by database
 * @param afterFullCollection whether the reading came right after a full collection in the gateway
 */
record Sample(
        Duration elapsed,
        double rate,
        long errors,
        long longLivedHeapBytes,
        int connectionsInUse,
        Map<String, Integer> databaseSessions,
        boolean afterFullCollection) {
    Sample {
        requireNonNull(elapsed, "elapsed is null");
        databaseSessions = Map.copyOf(databaseSessions);
    }

    int totalDatabaseSessions() {
        return databaseSessions.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The least-squares slope of the long-lived heap over {@code samples}, in bytes per minute; NaN for fewer than two.
     */
    static double heapSlopePerMinute(List<Sample> samples) {
        int count = samples.size();
        if (count < 2) {
            return Double.NaN;
        }
        double meanMinutes =
                samples.stream().mapToDouble(Sample::minutes).average().orElseThrow();
        double meanBytes = samples.stream()
                .mapToDouble(Sample::longLivedHeapBytes)
                .average()
                .orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (Sample sample : samples) {
            double minutes = sample.minutes() - meanMinutes;
            covariance += minutes * (sample.longLivedHeapBytes() - meanBytes);
            variance += minutes * minutes;
        }
        return variance == 0 ? Double.NaN : covariance / variance;
    }

    double minutes() {
        return elapsed.toNanos() / 60e9;
    }
}
