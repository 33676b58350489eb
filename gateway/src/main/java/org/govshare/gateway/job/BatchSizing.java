package org.govshare.gateway.job;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many keys a job's next set statement asks its source for. The rule (docs/contract.md, *Verification jobs*):
 * a statement should take at most a quarter of the source's query timeout, shrunk by the share of the source's
 * places that online queries are using, so that a slow or busy source gets short statements and online calls never
 * wait long behind a job. Each source's cost per key is learnt from the batches it answered (smoothed, so one slow
 * batch does not swing it). A job whose statement failed at the source asks for half as many keys, and grows back by
 * doubling after each batch that was answered. Always between the configured minimum and maximum.
 */
final class BatchSizing {
    /** The weight of the newest batch in a source's smoothed cost per key. */
    private static final double SMOOTHING = 0.2;

    private final int maximum;
    private final int minimum;
    private final ConcurrentHashMap<String, Double> nanosPerKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> afterFailure = new ConcurrentHashMap<>();

    /** A minimum above the maximum is the maximum (a small configured batch size needs no second setting). */
    BatchSizing(int maximum, int minimum) {
        if (minimum < 1 || maximum < 1) {
            throw new IllegalArgumentException("batch sizes are at least 1, got " + minimum + " and " + maximum);
        }
        this.maximum = maximum;
        this.minimum = Math.min(minimum, maximum);
    }

    /**
     * The keys for job {@code job}'s next statement at {@code source}, which has {@code places} places for queries
     * of which {@code free} are free now, and the query timeout {@code queryTimeout}.
     */
    int next(String job, String source, Duration queryTimeout, int places, int free) {
        int size = afterFailure.getOrDefault(job, maximum);
        Double cost = nanosPerKey.get(source);
        if (cost != null && cost > 0) {
            double budget = queryTimeout.toNanos() / 4.0 * Math.max(0, Math.min(free, places)) / Math.max(1, places);
            size = (int) Math.min(size, Math.floor(budget / cost));
        }
        return Math.max(minimum, Math.min(maximum, size));
    }

    /** Job {@code job}'s statement of {@code keys} keys was answered by {@code source} in {@code took}. */
    void answered(String job, String source, int keys, Duration took) {
        if (keys > 0) {
            double cost = (double) took.toNanos() / keys;
            nanosPerKey.merge(source, cost, (old, newest) -> old + SMOOTHING * (newest - old));
        }
        afterFailure.computeIfPresent(job, (id, size) -> size * 2 >= maximum ? null : size * 2);
    }

    /** Job {@code job}'s statement of {@code keys} keys failed or timed out at its source. */
    void failed(String job, int keys) {
        afterFailure.put(job, Math.max(minimum, keys / 2));
    }

    /** Forgets job {@code job} (it finished). */
    void forget(String job) {
        afterFailure.remove(job);
    }
}
