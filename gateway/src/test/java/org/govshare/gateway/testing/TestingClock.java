package org.govshare.gateway.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test moves: it reads a base clock (the wall clock for a running gateway, whose background work needs
 * time to pass; a fixed one for a unit test) plus an offset that {@link #advance} grows, so a test of expiry or of a
 * deadline moves time instead of sleeping through it.
 */
public final class TestingClock extends Clock {
    private final Clock base;
    private final AtomicReference<Duration> offset;

    private TestingClock(Clock base, AtomicReference<Duration> offset) {
        this.base = base;
        this.offset = offset;
    }

    /** A clock that goes with {@code base} until a test moves it. */
    public static TestingClock following(Clock base) {
        return new TestingClock(base, new AtomicReference<>(Duration.ZERO));
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public void advance(Duration duration) {
        offset.updateAndGet(current -> current.plus(duration));
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    /** The same moving clock seen in another zone: a later {@link #advance} moves both. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new TestingClock(base.withZone(zone), offset);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }
}
