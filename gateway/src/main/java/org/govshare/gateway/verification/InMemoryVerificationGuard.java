package org.govshare.gateway.verification;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.subject.Subject;

/**
 * A {@link VerificationGuard} in this process's memory, for the demo default, a single instance, and each instance's
 * share while the shared counters are down: counters per (consumer, subject, day), forgotten two days after their
 * last use.
 */
public final class InMemoryVerificationGuard implements VerificationGuard {
    private record Key(String consumer, Subject subject, LocalDate day) {}

    /** Mismatches booked and mismatches reserved by verifications under way; guarded by its own monitor. */
    private static final class Counter {
        private int booked;
        private int reserved;
    }

    private final DailyWindow window;
    private final Cache<Key, Counter> counters;

    public InMemoryVerificationGuard(DailyWindow window, long maximumPairs) {
        this.window = requireNonNull(window, "window is null");
        this.counters = Caffeine.newBuilder()
                .maximumSize(maximumPairs)
                .expireAfterAccess(Duration.ofDays(2))
                .build();
    }

    @Override
    public Optional<Reservation> reserve(String consumer, Subject subject, int claims, int limit) {
        if (claims < 0 || limit < 1) {
            throw new IllegalArgumentException("claims must be at least 0 and limit at least 1");
        }
        Counter counter = counters.get(new Key(consumer, subject, window.today()), key -> new Counter());
        synchronized (counter) {
            if (counter.booked + counter.reserved >= limit) {
                return Optional.empty();
            }
            counter.reserved += claims;
        }
        return Optional.of(mismatches -> {
            synchronized (counter) {
                counter.reserved -= claims;
                counter.booked += Math.min(Math.max(mismatches, 0), claims);
            }
        });
    }
}
