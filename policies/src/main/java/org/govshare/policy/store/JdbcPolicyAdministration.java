package org.govshare.policy.store;

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
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.GrantStatus;
import org.jspecify.annotations.Nullable;

/**
 * Changes the grant base, one version at a time: every change is a new policy version with its author and reason, and
 * records each grant as it was before and after, so that versions can be listed, compared and rolled back (a rollback
 * is itself a new version). Consumers and purposes a grant names are registered on the way.
 */
public final class JdbcPolicyAdministration {
    /** A change to one grant: put (create or replace) or remove. */
    public sealed interface Edit permits Put, Remove {
        String grantId();
    }

    /** Creates or replaces a grant. */
    public record Put(Grant grant) implements Edit {
        @Override
        public String grantId() {
            return grant.id();
        }
    }

    /** Removes a grant. */
    public record Remove(String grantId) implements Edit {}

    private final DataSource store;
    private final Clock clock;

    public JdbcPolicyAdministration(DataSource store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Applies the edits as one new version; an edit that changes nothing is left out of it. */
    public PolicyVersion apply(List<? extends Edit> edits, String author, String reason) throws SQLException {
        try (Connection connection = store.getConnection()) {
            connection.setAutoCommit(false);
            try {
                PolicyVersion version = apply(connection, edits, author, reason);
                connection.commit();
                return version;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * Applies the edits as one new version within the caller's transaction (a workflow step and the grant it changes
     * commit together); the caller commits.
     */
    public PolicyVersion apply(Connection connection, List<? extends Edit> edits, String author, String reason)
            throws SQLException {
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a policy change needs a reason");
        }
        PolicyVersion version = newVersion(connection, author, reason);
        for (Edit edit : edits) {
            Grant before = GrantTables.read(connection, edit.grantId()).get(edit.grantId());
            Grant after = edit instanceof Put put ? put.grant() : null;
            if (java.util.Objects.equals(before, after)) {
                continue;
            }
            if (before != null) {
                GrantTables.delete(connection, before.id());
            }
            if (after != null) {
                register(connection, "consumer", after.consumer());
                register(connection, "purpose", after.purpose());
                GrantTables.insert(connection, after);
            }
            try (PreparedStatement change = connection.prepareStatement(
                    "INSERT INTO policy_change (version, grant_id, before_grant, after_grant) VALUES (?, ?, ?, ?)")) {
                change.setLong(1, version.version());
                change.setString(2, edit.grantId());
                change.setString(3, GrantJson.write(before));
                change.setString(4, GrantJson.write(after));
                change.executeUpdate();
            }
            if (before != null) {
                recordWithdrawals(connection, version, before, withdrawn(before, after));
            }
        }
        return version;
    }

    /**
     * What a change takes away from a grant's consumer: the whole grant (a null element) when it is removed or stops
     * being active, else each field it removes, narrows from READ to VERIFY, masks or binds anew.
     */
    static List<@Nullable FieldCoordinate> withdrawn(Grant before, @Nullable Grant after) {
        List<@Nullable FieldCoordinate> withdrawn = new ArrayList<>();
        if (after == null || (before.status() == GrantStatus.ACTIVE && after.status() != GrantStatus.ACTIVE)) {
            withdrawn.add(null);
            return withdrawn;
        }
        for (Map.Entry<FieldCoordinate, Access> field : before.fields().entrySet()) {
            Access now = after.fields().get(field.getKey());
            boolean narrowed = now == null || !now.covers(field.getValue());
            boolean masked =
                    !before.masks().containsKey(field.getKey()) && after.masks().containsKey(field.getKey());
            boolean bound = !after.bindingsOf(field.getKey()).isEmpty()
                    && !after.bindingsOf(field.getKey()).equals(before.bindingsOf(field.getKey()));
            if (narrowed || masked || bound) {
                withdrawn.add(field.getKey());
            }
        }
        return withdrawn;
    }

    private void recordWithdrawals(
            Connection connection, PolicyVersion version, Grant grant, List<@Nullable FieldCoordinate> withdrawn)
            throws SQLException {
        if (withdrawn.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO grant_withdrawal (consumer_id, grant_id, field, version, withdrawn_at)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
            for (FieldCoordinate field : withdrawn) {
                statement.setString(1, grant.consumer());
                statement.setString(2, grant.id());
                statement.setString(3, field == null ? null : field.toString());
                statement.setLong(4, version.version());
                statement.setObject(5, LocalDateTime.ofInstant(version.createdAt(), ZoneOffset.UTC));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /**
     * Whether anything was ever withdrawn from the consumer's grants (revoked, suspended, removed, narrowed), as the
     * caller's transaction sees it: such a consumer gets nothing more without review.
     */
    public boolean anythingWithdrawnFrom(Connection connection, String consumer) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT 1 FROM grant_withdrawal WHERE consumer_id = ?")) {
            statement.setString(1, consumer);
            statement.setMaxRows(1);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** The current grants, all or one consumer's. */
    public List<Grant> grants(@Nullable String consumer) throws SQLException {
        try (Connection connection = store.getConnection()) {
            return GrantTables.read(connection, null).values().stream()
                    .filter(grant -> consumer == null || grant.consumer().equals(consumer))
                    .toList();
        }
    }

    public Optional<Grant> grant(String id) throws SQLException {
        try (Connection connection = store.getConnection()) {
            return grant(connection, id);
        }
    }

    /** A grant as the caller's transaction sees it. */
    public Optional<Grant> grant(Connection connection, String id) throws SQLException {
        return Optional.ofNullable(GrantTables.read(connection, id).get(id));
    }

    /** Every version, newest first. */
    public List<PolicyVersion> versions() throws SQLException {
        List<PolicyVersion> versions = new ArrayList<>();
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT version, created_at, author, reason FROM policy_version ORDER BY version DESC");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                versions.add(new PolicyVersion(
                        rows.getLong(1),
                        rows.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                        rows.getString(3),
                        rows.getString(4)));
            }
        }
        return versions;
    }

    /** What changed after {@code from} up to and including {@code to}: each grant's state at both ends. */
    public List<GrantChange> diff(long from, long to) throws SQLException {
        Map<String, Grant> atFrom = new LinkedHashMap<>();
        Map<String, Grant> atTo = new LinkedHashMap<>();
        Map<String, Boolean> touched = new LinkedHashMap<>();
        for (GrantChange change : changesBetween(Math.min(from, to), Math.max(from, to))) {
            if (!touched.containsKey(change.grantId())) {
                touched.put(change.grantId(), true);
                atFrom.put(change.grantId(), change.before());
            }
            atTo.put(change.grantId(), change.after());
        }
        boolean forward = from <= to;
        List<GrantChange> diff = new ArrayList<>();
        for (String grantId : touched.keySet()) {
            Grant older = atFrom.get(grantId);
            Grant newer = atTo.get(grantId);
            if (!java.util.Objects.equals(older, newer)) {
                diff.add(
                        new GrantChange(Math.max(from, to), grantId, forward ? older : newer, forward ? newer : older));
            }
        }
        return diff;
    }

    /** Makes a new version whose grants are those of {@code version}. */
    public PolicyVersion rollback(long version, String author, String reason) throws SQLException {
        long current = versions().get(0).version();
        List<Edit> edits = new ArrayList<>();
        for (GrantChange change : diff(current, version)) {
            edits.add(change.after() == null ? new Remove(change.grantId()) : new Put(change.after()));
        }
        return apply(edits, author, "rollback to version " + version + ": " + reason);
    }

    private List<GrantChange> changesBetween(long fromExclusive, long toInclusive) throws SQLException {
        List<GrantChange> changes = new ArrayList<>();
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT version, grant_id, before_grant, after_grant FROM policy_change"
                                + " WHERE version > ? AND version <= ? ORDER BY version")) {
            statement.setLong(1, fromExclusive);
            statement.setLong(2, toInclusive);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    changes.add(new GrantChange(
                            rows.getLong(1),
                            rows.getString(2),
                            GrantJson.read(rows.getString(3)),
                            GrantJson.read(rows.getString(4))));
                }
            }
        }
        return changes;
    }

    private PolicyVersion newVersion(Connection connection, String author, String reason) throws SQLException {
        long next;
        // Serialises writers: the newest version row is locked until this version commits.
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT version FROM policy_version ORDER BY version DESC LIMIT 1 FOR UPDATE");
                ResultSet rows = statement.executeQuery()) {
            next = rows.next() ? rows.getLong(1) + 1 : 1;
        }
        PolicyVersion version = new PolicyVersion(next, clock.instant(), author, reason);
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO policy_version (version, created_at, author, reason) VALUES (?, ?, ?, ?)")) {
            statement.setLong(1, next);
            statement.setObject(2, LocalDateTime.ofInstant(version.createdAt(), ZoneOffset.UTC));
            statement.setString(3, author);
            statement.setString(4, reason);
            statement.executeUpdate();
        }
        return version;
    }

    /** Registers a consumer or purpose (by its id as its name) unless it is there. */
    static void register(Connection connection, String table, String id) throws SQLException {
        String key = table.equals("consumer") ? "id" : "code";
        try (PreparedStatement exists =
                connection.prepareStatement("SELECT 1 FROM " + table + " WHERE " + key + " = ?")) {
            exists.setString(1, id);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO " + table + " (" + key + ", name) VALUES (?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, id);
            insert.executeUpdate();
        }
    }
}
