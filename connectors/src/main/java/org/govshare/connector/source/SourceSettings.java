package org.govshare.connector.source;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How to reach one source ({@code govshare.sources.<name>.*}): JDBC URL and credentials, pool size, the time one
 * query may take, and optionally the SQL dialect when the driver's product name is not enough (MariaDB).
 */
public record SourceSettings(
        String name,
        String jdbcUrl,
        String username,
        String password,
        int poolSize,
        Duration queryTimeout,
        Optional<String> dialect) {
    public SourceSettings {
        requireNonNull(name, "name is null");
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(username, "username is null");
        requireNonNull(password, "password is null");
        requireNonNull(queryTimeout, "queryTimeout is null");
        requireNonNull(dialect, "dialect is null");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize of source " + name + " must be at least 1");
        }
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("queryTimeout of source " + name + " must be positive");
        }
    }

    @Override
    public String toString() {
        // Never print the password.
        return "SourceSettings[name=" + name + ", jdbcUrl=" + jdbcUrl + ", username=" + username + ", poolSize="
                + poolSize + ", queryTimeout=" + queryTimeout + ", dialect=" + dialect + "]";
    }
}
