package org.govshare.gateway.verification;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.govshare.gateway.subject.DailyWindow;

/**
 * A {@link VerificationGuard} in this process's memory, for the demo default, a single instance, and each instance's
 * share while the shared counters are down: counters per (tally, day), forgotten two days after their last use. As
 * in Redis, a reservation expires after its lifetime: one never settled holds its room that long at most, and a
 * settlement books its guesses even after its reservation expired (it cannot fail here).
 */
public final class InMemoryVerificationGuard implements VerificationGuard {
    private record Key(Tally tally, LocalDate day) {}

    private record Held(int guesses, Instant expires) {}

    /** Guesses booked and the live reservations, by their number; guarded by its own monitor. */
    private static final class Counter {
        private int booked;
        private int pending;
        private final Map<Long, Held> held = new HashMap<>();
        private long next;

        void prune(Instant now) {
            for (Iterator<Held> each = held.values().iterator(); each.hasNext(); ) {
                Held reservation = each.next();
                if (!reservation.expires().isAfter(now)) {
                    pending -= reservation.guesses();
                    each.remove();
                }
            }
        }
    }

    private final DailyWindow window;
    private final Clock clock;
    private final Duration lifetime;
    private final Cache<Key, Counter> counters;
    private final long crowdedWaitNanos;
    private final WaitingRoom room;

    /**
     * @param clock the time reservations expire by
     * @param lifetime how long a reservation holds its room at most if it is never settled
     * @param room the places to wait in, this instance's (shared with the Redis guard it stands in for)
     */
    public InMemoryVerificationGuard(
            DailyWindow window, long maximumTallies, Clock clock, Duration lifetime, WaitingRoom room) {
        this(window, maximumTallies, clock, lifetime, CROWDED_WAIT, room);
    }

    /**
     * @param crowdedWait how long a reservation waits at most while reservations under way fill the room
     * @param room the places to wait in
     */
    public InMemoryVerificationGuard(
            DailyWindow window,
            long maximumTallies,
            Clock clock,
            Duration lifetime,
            Duration crowdedWait,
            WaitingRoom room) {
        this.crowdedWaitNanos = crowdedWait.toNanos();
        this.room = requireNonNull(room, "room is null");
        this.window = requireNonNull(window, "window is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
        this.lifetime = lifetime;
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
        long number;
        long deadline = System.nanoTime() + crowdedWaitNanos;
        boolean waiting = false;
        try {
            synchronized (counter) {
                Instant now = clock.instant();
                counter.prune(now);
                while (counter.booked + counter.pending + guesses > limit) {
                    if (counter.booked + guesses > limit) {
                        return Optional.empty();
                    }
                    // Only reservations under way fill the room: wait for a settlement (or an expiry, checked often)
                    // in a place of the waiting room, if one is free.
                    if (!waiting) {
                        waiting = room.enter(tally.consumer());
                        if (!waiting) {
                            throw new CrowdedException();
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new CrowdedException();
                    }
                    try {
                        counter.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 10)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CrowdedException();
                    }
                    now = clock.instant();
                    counter.prune(now);
                }
                counter.pending += guesses;
                number = counter.next++;
                counter.held.put(number, new Held(guesses, now.plus(lifetime)));
            }
        } finally {
            if (waiting) {
                room.leave(tally.consumer());
            }
        }
        return Optional.of(made -> {
            synchronized (counter) {
                Held reservation = counter.held.remove(number);
                if (reservation != null) {
                    counter.pending -= reservation.guesses();
                }
                counter.booked += Math.min(Math.max(made, 0), guesses);
                counter.notifyAll();
            }
        });
    }
}
