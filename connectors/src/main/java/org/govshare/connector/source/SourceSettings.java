package org.govshare.connector.source;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How to reach one source ({@code govshare.sources.<name>.*}): JDBC URL and credentials, pool size, the time one
 * query may take, optionally the SQL dialect when the driver's product name is not enough (MariaDB), how many queries
 * may be under way at once, how long a caller may wait for one of those places when all are taken (a burst is
 * admitted; a saturated or slow source refuses the caller once the wait is over instead of holding its thread), and how
 * long the source rests after it failed too often before it is tried again.
 */
public record SourceSettings(
        String name,
        String jdbcUrl,
        String username,
        String password,
        int poolSize,
        Duration queryTimeout,
        Optional<String> dialect,
        int maximumConcurrentQueries,
        Duration admissionWait,
        Duration restAfterFailures) {
    /** The wait for a place when all are taken unless configured: enough for a burst or a GC pause to pass. */
    public static final Duration DEFAULT_ADMISSION_WAIT = Duration.ofMillis(50);

    public SourceSettings {
        requireNonNull(name, "name is null");
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(username, "username is null");
        requireNonNull(password, "password is null");
        requireNonNull(queryTimeout, "queryTimeout is null");
        requireNonNull(dialect, "dialect is null");
        requireNonNull(admissionWait, "admissionWait is null");
        requireNonNull(restAfterFailures, "restAfterFailures is null");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize of source " + name + " must be at least 1");
        }
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("queryTimeout of source " + name + " must be positive");
        }
        if (maximumConcurrentQueries < poolSize) {
            throw new IllegalArgumentException(
                    "maximumConcurrentQueries of source " + name + " must be at least its poolSize");
        }
        if (admissionWait.isNegative() || admissionWait.compareTo(queryTimeout) > 0) {
            throw new IllegalArgumentException(
                    "admissionWait of source " + name + " must be between zero and its queryTimeout");
        }
        if (restAfterFailures.isNegative() || restAfterFailures.isZero()) {
            throw new IllegalArgumentException("restAfterFailures of source " + name + " must be positive");
        }
    }

    /**
     * Settings with the defaults: four queries under way per connection, a wait for a place of
     * {@link #DEFAULT_ADMISSION_WAIT}, a rest of two seconds.
     */
    public SourceSettings(
            String name,
            String jdbcUrl,
            String username,
            String password,
            int poolSize,
            Duration queryTimeout,
            Optional<String> dialect) {
        this(
                name,
                jdbcUrl,
                username,
                password,
                poolSize,
                queryTimeout,
                dialect,
                poolSize * 4,
                DEFAULT_ADMISSION_WAIT,
                Duration.ofSeconds(2));
    }

    @Override
    public String toString() {
        // Never print the password.
        return "SourceSettings[name=" + name + ", jdbcUrl=" + jdbcUrl + ", username=" + username + ", poolSize="
                + poolSize + ", queryTimeout=" + queryTimeout + ", dialect=" + dialect + ", maximumConcurrentQueries="
                + maximumConcurrentQueries + ", admissionWait=" + admissionWait + ", restAfterFailures="
                + restAfterFailures + "]";
    }
}
