package org.govshare.gateway.quota;

import io.lettuce.core.RedisException;
import java.util.function.Supplier;

/**
 * Shared counters in Redis while it answers, this instance's share of each limit while it does not (never
 * unlimited), and back to Redis by itself as soon as a command gets through again.
 */
final class Failover {
    private final RedisState state;

    Failover(RedisState state) {
        this.state = state;
    }

    <T> T attempt(Supplier<T> shared, Supplier<T> local) {
        try {
            T result = shared.get();
            state.ok();
            return result;
        } catch (RedisException e) {
            state.failed(e);
            return local.get();
        }
    }

    void attempt(Runnable shared) {
        attempt(
                () -> {
                    shared.run();
                    return null;
                },
                () -> null);
    }
}
