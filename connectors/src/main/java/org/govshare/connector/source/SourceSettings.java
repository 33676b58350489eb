package org.govshare.connector.source;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How to reach one source ({@code govshare.sources.<name>.*}): JDBC URL and credentials, pool size, the time one
 * query may take, optionally the SQL dialect when the driver's product name is not enough (MariaDB), how many queries
 * may be under way at once (beyond it, callers are refused at once instead of waiting for a slow source), and how long
 * the source rests after it failed too often before it is tried again.
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
        Duration restAfterFailures) {
    public SourceSettings {
        requireNonNull(name, "name is null");
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(username, "username is null");
        requireNonNull(password, "password is null");
        requireNonNull(queryTimeout, "queryTimeout is null");
        requireNonNull(dialect, "dialect is null");
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
        if (restAfterFailures.isNegative() || restAfterFailures.isZero()) {
            throw new IllegalArgumentException("restAfterFailures of source " + name + " must be positive");
        }
    }

    /** Settings with the defaults: four queries under way per connection, a rest of two seconds. */
    public SourceSettings(
            String name,
            String jdbcUrl,
            String username,
            String password,
            int poolSize,
            Duration queryTimeout,
            Optional<String> dialect) {
        this(name, jdbcUrl, username, password, poolSize, queryTimeout, dialect, poolSize * 4, Duration.ofSeconds(2));
    }

    @Override
    public String toString() {
        // Never print the password.
        return "SourceSettings[name=" + name + ", jdbcUrl=" + jdbcUrl + ", username=" + username + ", poolSize="
                + poolSize + ", queryTimeout=" + queryTimeout + ", dialect=" + dialect + ", maximumConcurrentQueries="
                + maximumConcurrentQueries + ", restAfterFailures=" + restAfterFailures + "]";
    }
}
