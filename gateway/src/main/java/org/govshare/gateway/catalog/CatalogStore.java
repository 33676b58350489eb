package org.govshare.gateway.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.govshare.schema.catalog.CatalogFile;

/**
 * Catalog versions in the control plane ({@code catalog_version}, {@code catalog_file}): each accepted catalog with its
 * files, so that every instance serves the version the last reload recorded, and the admin API can list them.
 */
public final class CatalogStore {
    private final DataSource store;
    private final Clock clock;

    public CatalogStore(DataSource store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The newest recorded version, if any. */
    public Optional<CatalogRecord> newest() throws SQLException {
        List<CatalogRecord> newest = versions(1);
        return newest.isEmpty() ? Optional.empty() : Optional.of(newest.get(0));
    }

    /** The newest versions first, at most {@code limit}. */
    public List<CatalogRecord> versions(int limit) throws SQLException {
        Map<Long, CatalogRecord> records = new LinkedHashMap<>();
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT version, created_at, author, reason, digest FROM catalog_version"
                                + " ORDER BY version DESC LIMIT ?")) {
            statement.setInt(1, Math.max(1, limit));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long version = rows.getLong(1);
                    records.put(
                            version,
                            new CatalogRecord(
                                    version,
                                    rows.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                                    rows.getString(3),
                                    rows.getString(4),
                                    rows.getString(5),
                                    names(connection, version)));
                }
            }
        }
        return List.copyOf(records.values());
    }

    /** The files of a recorded version, in their order. */
    public List<CatalogFile> files(long version) throws SQLException {
        List<CatalogFile> files = new ArrayList<>();
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT name, content FROM catalog_file WHERE version = ? ORDER BY position")) {
            statement.setLong(1, version);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    files.add(new CatalogFile(rows.getString(1), rows.getString(2)));
                }
            }
        }
        return files;
    }

    /**
     * Records the files as the next version. Writers on several instances are serialised by the newest version's row
     * lock; two that both record the first version collide on its key, and the second fails.
     */
    public CatalogRecord record(List<CatalogFile> files, String author, String reason) throws SQLException {
        try (Connection connection = store.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long next;
                try (PreparedStatement statement = connection.prepareStatement(
                                "SELECT version FROM catalog_version ORDER BY version DESC LIMIT 1 FOR UPDATE");
                        ResultSet rows = statement.executeQuery()) {
                    next = rows.next() ? rows.getLong(1) + 1 : 1;
                }
                CatalogRecord record = new CatalogRecord(
                        next,
                        clock.instant(),
                        truncated(author, 128),
                        truncated(reason, 1000),
                        CatalogRecord.digest(files),
                        files.stream().map(CatalogFile::name).toList());
                try (PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO catalog_version (version, created_at, author, reason, digest)"
                                + " VALUES (?, ?, ?, ?, ?)")) {
                    statement.setLong(1, next);
                    statement.setObject(2, LocalDateTime.ofInstant(record.createdAt(), ZoneOffset.UTC));
                    statement.setString(3, record.author());
                    statement.setString(4, record.reason());
                    statement.setString(5, record.digest());
                    statement.executeUpdate();
                }
                try (PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO catalog_file (version, position, name, content) VALUES (?, ?, ?, ?)")) {
                    for (int i = 0; i < files.size(); i++) {
                        statement.setLong(1, next);
                        statement.setInt(2, i);
                        statement.setString(3, files.get(i).name());
                        statement.setString(4, files.get(i).content());
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
                connection.commit();
                return record;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static List<String> names(Connection connection, long version) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT name FROM catalog_file WHERE version = ? ORDER BY position")) {
            statement.setLong(1, version);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    private static String truncated(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
