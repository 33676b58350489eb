package org.govshare.connector.source;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What stands between callers and one source: a bulkhead (at most so many queries under way; the next caller waits
 * a bounded time for a place, so a burst or a GC pause is absorbed, and is refused once that wait is over rather than
 * waiting on a slow source, so the source cannot take the threads the others need) and a
 * circuit breaker (after too many failures the source rests, callers are refused without trying, and a few trial
 * queries after the rest decide whether it is back). Refusals are {@link SourceUnavailableException}s.
 */
public final class SourceGuard {
    /** The state a guard reports: serving, resting after failures, or trying again. */
    public enum State {
        AVAILABLE,
        RESTING,
        TRYING
    }

    private final String source;
    private final Bulkhead bulkhead;
    private final CircuitBreaker breaker;

    SourceGuard(SourceSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** @param clock when a rest after failures ends (tests move it instead of waiting) */
    SourceGuard(SourceSettings settings, Clock clock) {
        this.source = settings.name();
        this.bulkhead = Bulkhead.of(
                "source-" + settings.name(),
                BulkheadConfig.custom()
                        .maxConcurrentCalls(settings.maximumConcurrentQueries())
                        .maxWaitDuration(settings.admissionWait())
                        .build());
        this.breaker = CircuitBreaker.of(
                "source-" + settings.name(),
                CircuitBreakerConfig.custom()
                        .slidingWindowSize(20)
                        .minimumNumberOfCalls(10)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(settings.restAfterFailures())
                        .permittedNumberOfCallsInHalfOpenState(3)
                        .automaticTransitionFromOpenToHalfOpenEnabled(false)
                        .recordExceptions(SourceUnavailableException.class)
                        .clock(clock)
                        .build());
    }

    /**
     * Runs {@code query} if the source may be asked now; its {@link SourceUnavailableException} counts as a failure. The
     * calling thread gives up its {@link ProcessorSlots slot} meanwhile: it waits for a place and for the source.
     */
    public <T> T call(Supplier<T> query) {
        ProcessorSlots.Wait waiting = ProcessorSlots.waiting();
        try {
            return guarded(query);
        } finally {
            waiting.close();
        }
    }

    private <T> T guarded(Supplier<T> query) {
        if (!bulkhead.tryAcquirePermission()) {
            throw new SourceUnavailableException(
                    source, "saturated", BulkheadFullException.createBulkheadFullException(bulkhead));
        }
        try {
            if (!breaker.tryAcquirePermission()) {
                throw new SourceUnavailableException(
                        source,
                        "resting after failures",
                        CallNotPermittedException.createCallNotPermittedException(breaker));
            }
            long started = System.nanoTime();
            try {
                T result = query.get();
                breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                return result;
            } catch (SourceUnavailableException e) {
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
                throw e;
            } catch (RuntimeException e) {
                // Not the source's fault (a bug of ours): the breaker neither counts it nor holds the permit.
                breaker.releasePermission();
                throw e;
            }
        } finally {
            bulkhead.onComplete();
        }
    }

    public State state() {
        return switch (breaker.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> State.AVAILABLE;
            case HALF_OPEN -> State.TRYING;
            case OPEN, FORCED_OPEN -> State.RESTING;
        };
    }

    /** Queries under way now. */
    public int queriesUnderWay() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
                - bulkhead.getMetrics().getAvailableConcurrentCalls();
    }
}
