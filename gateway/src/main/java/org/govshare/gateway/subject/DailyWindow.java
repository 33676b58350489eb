package org.govshare.gateway.subject;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The day that per-day limits count in (distinct subjects, verification mismatches): a calendar day in one zone
 * ({@code Asia/Shanghai} by default), so every instance starts a new count at the same midnight.
 */
public final class DailyWindow {
    private final Clock clock;
    private final ZoneId zone;

    public DailyWindow(Clock clock, ZoneId zone) {
        this.clock = requireNonNull(clock, "clock is null");
        this.zone = requireNonNull(zone, "zone is null");
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /** Seconds until the next day begins (at least 1), for {@code Retry-After}. */
    public long secondsUntilTomorrow() {
        Duration left = Duration.between(
                clock.instant(), today().plusDays(1).atStartOfDay(zone).toInstant());
        return Math.max(1, (left.toMillis() + 999) / 1000);
    }
}
