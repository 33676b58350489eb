package org.govshare.gateway.quota;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the shared counters are in use or this instance is on its local share (DEGRADED), as the last Redis
 * command found; the health endpoint reports it, and the log says when it changes.
 */
public final class RedisState {
    private static final Logger log = LoggerFactory.getLogger(RedisState.class);

    /** The last failure, or null while Redis answers. */
    private record Failure(Instant since, String problem) {}

    private final Clock clock;
    private final AtomicReference<@Nullable Failure> failure = new AtomicReference<>();

    public RedisState(Clock clock) {
        this.clock = clock;
    }

    void ok() {
        Failure previous = failure.getAndSet(null);
        if (previous != null) {
            log.info(
                    "Redis answers again: quotas are shared across instances once more (local since {})",
                    previous.since());
        }
    }

    void failed(RuntimeException cause) {
        Failure previous = failure.get();
        if (previous == null
                && failure.compareAndSet(
                        null, new Failure(clock.instant(), cause.getClass().getSimpleName()))) {
            log.warn("Redis is unreachable: each instance now enforces its share of every quota locally", cause);
        }
    }

    /** True while the quotas run on this instance's local share. */
    public boolean degraded() {
        return failure.get() != null;
    }

    /** Since when the quotas are local, or null. */
    public @Nullable Instant degradedSince() {
        Failure current = failure.get();
        return current == null ? null : current.since();
    }

    public @Nullable String problem() {
        Failure current = failure.get();
        return current == null ? null : current.problem();
    }
}
