package org.govshare.gateway.verification;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.govshare.gateway.subject.DailyWindow;

/**
 * A {@link VerificationGuard} in this process's memory, for the demo default, a single instance, and each instance's
 * share while the shared counters are down: counters per (tally, day), forgotten two days after their last use.
 */
public final class InMemoryVerificationGuard implements VerificationGuard {
    private record Key(Tally tally, LocalDate day) {}

    /** Guesses booked and guesses reserved by verifications and lookups under way; guarded by its own monitor. */
    private static final class Counter {
        private int booked;
        private int reserved;
    }

    private final DailyWindow window;
    private final Cache<Key, Counter> counters;

    public InMemoryVerificationGuard(DailyWindow window, long maximumTallies) {
        this.window = requireNonNull(window, "window is null");
        this.counters = Caffeine.newBuilder()
                .maximumSize(maximumTallies)
                .expireAfterAccess(Duration.ofDays(2))
                .build();
    }

    @Override
    public Optional<Reservation> reserve(Tally tally, int guesses, int limit) {
        if (guesses < 1 || limit < 1) {
            throw new IllegalArgumentException("guesses and limit must be at least 1");
        }
        Counter counter = counters.get(new Key(tally, window.today()), key -> new Counter());
        synchronized (counter) {
            if (counter.booked + counter.reserved + guesses > limit) {
                return Optional.empty();
            }
            counter.reserved += guesses;
        }
        return Optional.of(made -> {
            synchronized (counter) {
                counter.reserved -= guesses;
                counter.booked += Math.min(Math.max(made, 0), guesses);
            }
        });
    }
}
