package org.govshare.gateway.access;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.policy.store.JdbcPolicyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current policy snapshot, reloaded from the control-plane store every few seconds. If the store cannot be read,
 * the last snapshot serves for at most {@code maximumStaleness}; after that every data request is refused (fail
 * closed) until the store answers again.
 */
public final class PolicyService {
    private static final Logger log = LoggerFactory.getLogger(PolicyService.class);

    private record Loaded(PolicySnapshot snapshot, Instant at) {}

    private final JdbcPolicyStore store;
    private final Duration maximumStaleness;
    private final Clock clock;
    private final AtomicReference<Loaded> current = new AtomicReference<>();

    public PolicyService(JdbcPolicyStore store, Duration maximumStaleness, Clock clock) {
        this.store = store;
        this.maximumStaleness = maximumStaleness;
        this.clock = clock;
        try {
            current.set(new Loaded(store.load(), clock.instant()));
        } catch (SQLException e) {
            throw new IllegalStateException("the policy store cannot be read", e);
        }
    }

    /** Reloads; keeps the last snapshot when the store is unreachable. */
    public synchronized void refresh() {
        try {
            current.set(new Loaded(store.load(), clock.instant()));
        } catch (SQLException | RuntimeException e) {
            log.warn(
                    "policy store unreachable; serving policy version {} loaded at {}",
                    current.get().snapshot().version(),
                    current.get().at(),
                    e);
        }
    }

    public PolicySnapshot current() {
        Loaded loaded = current.get();
        if (Duration.between(loaded.at(), clock.instant()).compareTo(maximumStaleness) > 0) {
            throw new GovshareException(
                    ErrorCode.SOURCE_UNAVAILABLE, "the policy store is unavailable; try again later");
        }
        return loaded.snapshot();
    }

    public Instant now() {
        return clock.instant();
    }
}
