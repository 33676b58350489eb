package org.govshare.loadtest.load;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * One measured run: latencies (nanoseconds; in an open-model run counted from each request's intended send time) of
 * the correct answers in the measured window, how many answers were wrong or failed by kind (an error code, an HTTP
 * status, an exception), and the requests sent in all (warm-up ramp included, for CPU time per request).
 *
 * @param offeredRate requests per second the run was paced at; 0 for a closed loop
 * @param slowest the slowest correct answers in the measured window (at most 200), by their due time
 */
public record RunResult(
        Histogram latencies,
        Map<String, Long> errorKinds,
        long requestsSent,
        Duration measured,
        double offeredRate,
        List<SlowRequest> slowest) {
    public RunResult {
        requireNonNull(latencies, "latencies is null");
        slowest = List.copyOf(slowest);
        errorKinds = Collections.unmodifiableMap(new TreeMap<>(errorKinds));
        requireNonNull(measured, "measured is null");
        latencies = latencies.copy();
        if (measured.isNegative() || measured.isZero()) {
            throw new IllegalArgumentException("measured must be positive");
        }
    }

    @Override
    public Histogram latencies() {
        return latencies.copy();
    }

    /** Answers that were wrong or failed, in the measured window. */
    public long errors() {
        return errorKinds.values().stream().mapToLong(Long::longValue).sum();
    }

    public long successes() {
        return latencies.getTotalCount();
    }

    /** Correct answers per second in the measured window. */
    public double achievedRate() {
        return successes() / (measured.toNanos() / 1e9);
    }

    /** Latency at {@code percentile} in milliseconds. */
    public double percentileMillis(double percentile) {
        return latencies.getValueAtPercentile(percentile) / 1e6;
    }
}
