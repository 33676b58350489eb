package org.govshare.loadtest.soak;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.govshare.loadtest.data.BenchmarkDatabases;

/**
 * What the databases see of the gateway: the audit records in its control plane (table {@code audit_record} of the
 * gateway's migration {@code db/migration/audit}), and the sessions it holds open on each benchmark database.
 */
final class DatabaseView {
    private final BenchmarkDatabases databases;

    DatabaseView(BenchmarkDatabases databases) {
        this.databases = requireNonNull(databases, "databases is null");
    }

    /** The sequence number of the last audit record written; records are numbered in the order they are chained. */
    long lastAuditSequence() throws SQLException {
        try (Connection connection = connectControlPlane();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_record")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The audit records written after {@code sequence}, by outcome (ALLOWED, DENIED). */
    Map<String, Long> auditRecordsAfter(long sequence) throws SQLException {
        Map<String, Long> records = new TreeMap<>();
        try (Connection connection = connectControlPlane();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT outcome, COUNT(*) FROM audit_record WHERE seq > ? GROUP BY outcome")) {
            statement.setLong(1, sequence);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    records.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return records;
    }

    /**
     * Sessions open on each benchmark database ({@code govshare_bench_*}) of PostgreSQL and MariaDB, this process's own
     * left out: while a run lasts, the gateway is the only other client of those databases.
     */
    Map<String, Integer> databaseSessions() throws SQLException {
        Map<String, Integer> sessions = new TreeMap<>();
        try (Connection postgres =
                        DriverManager.getConnection(BenchmarkDatabases.POSTGRES + "postgres", "postgres", "");
                Statement statement = postgres.createStatement();
                ResultSet rows = statement.executeQuery("SELECT datname, COUNT(*) FROM pg_stat_activity"
                        + " WHERE datname LIKE 'govshare\\_bench\\_%' AND pid <> pg_backend_pid() GROUP BY datname")) {
            while (rows.next()) {
                sessions.put(rows.getString(1), rows.getInt(2));
            }
        }
        try (Connection mariadb = DriverManager.getConnection(BenchmarkDatabases.MARIADB, "root", "");
                Statement statement = mariadb.createStatement();
                ResultSet rows = statement.executeQuery("SELECT DB, COUNT(*) FROM information_schema.PROCESSLIST"
                        + " WHERE DB LIKE 'govshare\\_bench\\_%' AND ID <> CONNECTION_ID() GROUP BY DB")) {
            while (rows.next()) {
                sessions.put(rows.getString(1), rows.getInt(2));
            }
        }
        return sessions;
    }

    private Connection connectControlPlane() throws SQLException {
        return DriverManager.getConnection(databases.controlUrl(), "postgres", "");
    }
}
