package org.govshare.gateway.job;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Jobs, their subjects and their outcomes in the control plane ({@code verification_job},
 * {@code verification_job_chunk}, {@code verification_job_outcome}), the source of truth for every instance: a
 * batch's outcomes are written in the same transaction that moves the job's {@code done} mark past them, and only by
 * the instance that holds the job's lease and still sees the mark where it read it. A batch checked twice (an instance
 * lost its lease meanwhile) is therefore written once.
 *
 * <p>The subjects are written once, by the upload, a row per chunk of {@link SubjectLines#CHUNK} ({@link SubjectLines});
 * a batch's outcomes are one row ({@link Outcomes}): its first position, its number of subjects and a line per
 * subject.
 */
public final class JobStore {
    private static final String JOB_COLUMNS = "id, consumer_id, purpose_code, case_id, operator_id, type_name, claims,"
            + " per_subject, state, total, done, pending_reason, submitted_at, finished_at, expires_at";

    private final DataSource store;

    public JobStore(DataSource store) {
        this.store = store;
    }

    /** Writes subjects while an upload is read, a chunk at a time, in one transaction with the job. */
    public interface Upload extends AutoCloseable {
        void add(String key, @Nullable String claims) throws SQLException;

        int count();

        /**
         * Whether the subjects added fit {@code maximumPerDay} with the consumer's other jobs for the purpose since
         * {@code since}, checked under a lock on the consumer's row that this upload holds until it ends: concurrent
         * submissions of one consumer, on any instance, are counted one after the other.
         */
        boolean fits(String consumer, String purpose, Instant since, long maximumPerDay) throws SQLException;

        /**
         * Makes the job and its subjects visible, with what the upload settled (claims, total, retention) and the
         * sources its statements go to ({@code sources}: the verified type's first, then each related record's).
         */
        void commit(Job job, List<String> sources) throws SQLException;

        @Override
        void close() throws SQLException;
    }

    /**
     * Starts writing the subjects of job {@code id}; nothing is visible before {@link Upload#commit}, and an upload
     * closed without it leaves nothing behind.
     */
    public Upload upload(String id, Job provisional) throws SQLException {
        Connection connection = store.getConnection();
        connection.setAutoCommit(false);
        insertJob(connection, provisional);
        PreparedStatement chunks = connection.prepareStatement("INSERT INTO verification_job_chunk"
                + " (job_id, first_position, subjects, keys, claims) VALUES (?, ?, ?, ?, ?)");
        return new Upload() {
            private final List<String> keys = new ArrayList<>(SubjectLines.CHUNK);
            private final List<@Nullable String> claimsOf = new ArrayList<>(SubjectLines.CHUNK);
            private int count;
            private boolean committed;

            @Override
            public void add(String key, @Nullable String claims) throws SQLException {
                keys.add(key);
                claimsOf.add(claims);
                count++;
                if (keys.size() == SubjectLines.CHUNK) {
                    write();
                }
            }

            /** Writes the subjects added since the last chunk as one. */
            private void write() throws SQLException {
                if (keys.isEmpty()) {
                    return;
                }
                chunks.setString(1, id);
                chunks.setInt(2, count - keys.size());
                chunks.setInt(3, keys.size());
                chunks.setString(4, SubjectLines.join(keys));
                chunks.setString(5, SubjectLines.joinUnlessAllNull(claimsOf));
                chunks.executeUpdate();
                keys.clear();
                claimsOf.clear();
            }

            @Override
            public int count() {
                return count;
            }

            @Override
            public boolean fits(String consumer, String purpose, Instant since, long maximumPerDay)
                    throws SQLException {
                write();
                try (PreparedStatement lock =
                        connection.prepareStatement("SELECT id FROM consumer WHERE id = ? FOR UPDATE")) {
                    lock.setString(1, consumer);
                    lock.executeQuery().close();
                }
                try (PreparedStatement used = connection.prepareStatement("SELECT COALESCE(SUM(total), 0)"
                        + " FROM verification_job WHERE consumer_id = ? AND purpose_code = ? AND submitted_at >= ?"
                        + " AND id <> ?")) {
                    used.setString(1, consumer);
                    used.setString(2, purpose);
                    used.setObject(3, time(since));
                    used.setString(4, id);
                    try (ResultSet rows = used.executeQuery()) {
                        rows.next();
                        return rows.getLong(1) + count <= maximumPerDay;
                    }
                }
            }

            @Override
            public void commit(Job job, List<String> sources) throws SQLException {
                write();
                try (PreparedStatement update = connection.prepareStatement("UPDATE verification_job"
                        + " SET claims = ?, per_subject = ?, total = ?, state = ?, expires_at = ? WHERE id = ?")) {
                    update.setString(1, job.claims());
                    update.setBoolean(2, job.perSubject());
                    update.setInt(3, job.total());
                    update.setString(4, job.state().name());
                    update.setObject(5, time(job.expiresAt()));
                    update.setString(6, id);
                    update.executeUpdate();
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO verification_job_source (job_id, ordinal, source) VALUES (?, ?, ?)")) {
                    for (int i = 0; i < sources.size(); i++) {
                        insert.setString(1, id);
                        insert.setInt(2, i);
                        insert.setString(3, sources.get(i));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                connection.commit();
                committed = true;
            }

            @Override
            public void close() throws SQLException {
                try {
                    chunks.close();
                    if (!committed) {
                        connection.rollback();
                    }
                } finally {
                    connection.close();
                }
            }
        };
    }

    private static void insertJob(Connection connection, Job job) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO verification_job (" + JOB_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, job.id());
            statement.setString(2, job.consumer());
            statement.setString(3, job.purpose());
            statement.setString(4, job.caseId());
            statement.setString(5, job.operatorId());
            statement.setString(6, job.type());
            statement.setString(7, job.claims());
            statement.setBoolean(8, job.perSubject());
            statement.setString(9, job.state().name());
            statement.setInt(10, job.total());
            statement.setInt(11, job.done());
            statement.setString(12, job.pendingReason());
            statement.setObject(13, time(job.submittedAt()));
            statement.setObject(14, job.finishedAt() == null ? null : time(job.finishedAt()));
            statement.setObject(15, time(job.expiresAt()));
            statement.executeUpdate();
        }
    }

    public Optional<Job> job(String id) throws SQLException {
        try (Connection connection = store.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT " + JOB_COLUMNS + " FROM verification_job WHERE id = ?")) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(job(rows)) : Optional.empty();
            }
        }
    }

    /** The consumer's jobs for a purpose, newest first. */
    public List<Job> jobsOf(String consumer, String purpose, int limit) throws SQLException {
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT " + JOB_COLUMNS
                        + " FROM verification_job WHERE consumer_id = ? AND purpose_code = ?"
                        + " ORDER BY submitted_at DESC, id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")) {
            statement.setString(1, consumer);
            statement.setString(2, purpose);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    jobs.add(job(rows));
                }
            }
            return jobs;
        }
    }

    /**
     * Which jobs a listing shows: one consumer's or all ({@code consumer} null), in any of {@code states} (all when
     * empty), touching any of {@code sources} (all when null; none when empty: a job touches the sources its
     * statements go to, or, submitted before those were stored, its type's source, one of {@code types}), after a
     * position ({@code after}, null for the first page).
     */
    public record Listing(
            @Nullable String consumer,
            Set<Job.State> states,
            @Nullable Set<String> sources,
            Set<String> types,
            @Nullable Position after) {
        public Listing {
            states = Set.copyOf(states);
            sources = sources == null ? null : Set.copyOf(sources);
            types = Set.copyOf(types);
        }
    }

    /**
     * The sources a job's statements go to, the verified type's first, and the one its pending subjects wait for
     * (null when none is named).
     */
    public record Sources(List<String> sources, @Nullable String waiting) {
        public Sources {
            sources = List.copyOf(sources);
        }
    }

    /** A job's place in a listing (newest first, then by id): its submission time and id. */
    public record Position(Instant submittedAt, String id) {
        public Position {
            requireNonNull(submittedAt, "submittedAt is null");
            requireNonNull(id, "id is null");
        }
    }

    /**
     * A page of jobs as {@code listing} selects them, newest first, at most {@code limit}: read only, for the admin
     * API. Each filter adds a fixed condition; its values are parameters.
     */
    public List<Job> listed(Listing listing, int limit) throws SQLException {
        if (listing.sources() != null && listing.sources().isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT " + JOB_COLUMNS + " FROM verification_job WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (listing.consumer() != null) {
            sql.append(" AND consumer_id = ?");
            parameters.add(listing.consumer());
        }
        if (!listing.states().isEmpty()) {
            sql.append(" AND state IN (")
                    .append(placeholders(listing.states().size()))
                    .append(')');
            listing.states().stream().map(Job.State::name).sorted().forEach(parameters::add);
        }
        if (listing.sources() != null) {
            sql.append(" AND (EXISTS (SELECT 1 FROM verification_job_source s WHERE s.job_id = verification_job.id"
                            + " AND s.source IN (")
                    .append(placeholders(listing.sources().size()))
                    .append("))");
            listing.sources().stream().sorted().forEach(parameters::add);
            if (!listing.types().isEmpty()) {
                sql.append(" OR (type_name IN (")
                        .append(placeholders(listing.types().size()))
                        .append(") AND NOT EXISTS (SELECT 1 FROM verification_job_source s"
                                + " WHERE s.job_id = verification_job.id))");
                listing.types().stream().sorted().forEach(parameters::add);
            }
            sql.append(')');
        }
        Position after = listing.after();
        if (after != null) {
            sql.append(" AND (submitted_at < ? OR (submitted_at = ? AND id > ?))");
            parameters.add(time(after.submittedAt()));
            parameters.add(time(after.submittedAt()));
            parameters.add(after.id());
        }
        sql.append(" ORDER BY submitted_at DESC, id FETCH FIRST ")
                .append(Math.max(1, limit))
                .append(" ROWS ONLY");
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    jobs.add(job(rows));
                }
            }
            return jobs;
        }
    }

    /**
     * The sources of each of {@code ids}' jobs (in one statement); a job submitted before its sources were stored is
     * missing (its type's source is its only one).
     */
    public Map<String, Sources> sources(Collection<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<String> distinct = ids.stream().distinct().sorted().toList();
        Map<String, List<String>> of = new LinkedHashMap<>();
        Map<String, @Nullable String> waiting = new HashMap<>();
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT s.job_id, s.source, j.waiting_source"
                        + " FROM verification_job_source s JOIN verification_job j ON j.id = s.job_id"
                        + " WHERE s.job_id IN (" + placeholders(distinct.size()) + ") ORDER BY s.job_id, s.ordinal")) {
            for (int i = 0; i < distinct.size(); i++) {
                statement.setString(i + 1, distinct.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    of.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
                            .add(rows.getString(2));
                    waiting.put(rows.getString(1), rows.getString(3));
                }
            }
        }
        Map<String, Sources> sources = new HashMap<>();
        of.forEach((id, list) -> sources.put(id, new Sources(list, waiting.get(id))));
        return sources;
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /** Subjects of the consumer's jobs for the purpose submitted since {@code since} (refused jobs never count). */
    public long subjectsSince(String consumer, String purpose, Instant since) throws SQLException {
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT COALESCE(SUM(total), 0)"
                        + " FROM verification_job WHERE consumer_id = ? AND purpose_code = ? AND submitted_at >= ?")) {
            statement.setString(1, consumer);
            statement.setString(2, purpose);
            statement.setObject(3, time(since));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * Takes (or renews) the lease of a running job for {@code owner} until {@code until}, when it is free, expired or
     * already {@code owner}'s; true when taken.
     */
    public boolean lease(String id, String owner, Instant now, Instant until) throws SQLException {
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement("UPDATE verification_job"
                        + " SET lease_owner = ?, lease_until = ? WHERE id = ? AND state = 'RUNNING'"
                        + " AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)")) {
            statement.setString(1, owner);
            statement.setObject(2, time(until));
            statement.setString(3, id);
            statement.setString(4, owner);
            statement.setObject(5, time(now));
            return statement.executeUpdate() == 1;
        }
    }

    /** Gives a job's lease back, so that another instance may take it at once. */
    public void release(String id, String owner) throws SQLException {
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement("UPDATE verification_job"
                        + " SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?")) {
            statement.setString(1, id);
            statement.setString(2, owner);
            statement.executeUpdate();
        }
    }

    /** Running jobs whose lease is free or expired at {@code now}, or held by {@code owner}, oldest first. */
    public List<String> runnable(String owner, Instant now, int limit) throws SQLException {
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT id FROM verification_job"
                        + " WHERE state = 'RUNNING' AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)"
                        + " ORDER BY submitted_at, id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")) {
            statement.setString(1, owner);
            statement.setObject(2, time(now));
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }

    /** The next pending subjects of a job: {@code limit} from position {@code done} on (no outcome yet). */
    public List<JobSubject> pending(String id, int done, int limit) throws SQLException {
        try (Connection connection = store.getConnection()) {
            return subjects(connection, id, done, limit, "");
        }
    }

    /**
     * The next pending subjects of a job, like {@link #pending}, but none once the job no longer runs (cancelled or
     * stopped meanwhile): one round trip reads the batch and sees a cancellation.
     */
    public List<JobSubject> pendingWhileRunning(String id, int done, int limit) throws SQLException {
        try (Connection connection = store.getConnection()) {
            return subjects(
                    connection,
                    id,
                    done,
                    limit,
                    " AND EXISTS (SELECT 1 FROM verification_job j WHERE j.id = ? AND j.state = 'RUNNING')");
        }
    }

    /**
     * Subjects from position {@code from} on, at most {@code limit}, in submission order, with their outcomes (null
     * for a subject not checked yet).
     */
    public List<JobSubject> subjects(String id, int from, int limit) throws SQLException {
        try (Connection connection = store.getConnection()) {
            List<JobSubject> subjects = subjects(connection, id, from, limit, "");
            if (subjects.isEmpty()) {
                return subjects;
            }
            int to = subjects.get(subjects.size() - 1).position() + 1;
            Map<Integer, String> lines = Outcomes.read(connection, id, from, to);
            List<JobSubject> withOutcomes = new ArrayList<>(subjects.size());
            for (JobSubject subject : subjects) {
                String line = lines.get(subject.position());
                withOutcomes.add(
                        line == null
                                ? subject
                                : new JobSubject(
                                        subject.position(),
                                        subject.key(),
                                        subject.claims(),
                                        Outcomes.outcome(line),
                                        Outcomes.claimOutcomes(line)));
            }
            return withOutcomes;
        }
    }

    /**
     * Subjects {@code from} … {@code from + limit - 1} from the chunks that hold them: the chunk holding {@code from}
     * and every chunk that starts before the range ends (positions are dense, 0, 1, … in submission order, so the plan
     * reads a bounded range of the key whatever the table's statistics).
     */
    private static List<JobSubject> subjects(Connection connection, String id, int from, int limit, String running)
            throws SQLException {
        long to = (long) from + Math.max(1, limit);
        try (PreparedStatement statement =
                covering(connection, "first_position, keys, claims", "verification_job_chunk", running, id, from, to)) {
            List<JobSubject> subjects = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int first = rows.getInt(1);
                    List<@Nullable String> keys = SubjectLines.split(rows.getString(2));
                    String claims = rows.getString(3);
                    List<@Nullable String> claimsOf = claims == null ? null : SubjectLines.split(claims);
                    for (int i = Math.max(0, from - first); i < keys.size() && first + i < to; i++) {
                        subjects.add(new JobSubject(
                                first + i,
                                requireNonNull(keys.get(i), "a subject's key"),
                                claimsOf == null ? null : claimsOf.get(i),
                                null,
                                null));
                    }
                }
            }
            return subjects;
        }
    }

    /**
     * The statement reading the rows of {@code table} (a row per range of a job's positions, keyed by its first
     * position) that hold positions {@code from} … {@code to - 1}: the row holding {@code from} and every row that
     * starts before {@code to}, in position order; {@code condition} is added as it is, its one parameter (if any) the
     * job's id.
     */
    static PreparedStatement covering(
            Connection connection, String columns, String table, String condition, String id, int from, long to)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT " + columns + " FROM " + table
                + " WHERE job_id = ? AND first_position < ? AND first_position >= (SELECT"
                + " COALESCE(MAX(first_position), 0) FROM " + table + " WHERE job_id = ? AND first_position <= ?)"
                + condition + " ORDER BY first_position");
        try {
            statement.setString(1, id);
            statement.setLong(2, to);
            statement.setString(3, id);
            statement.setInt(4, from);
            if (!condition.isEmpty()) {
                statement.setString(5, id);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /**
     * Writes the outcomes of the subjects at {@code expectedDone} … and moves the job's mark past them, when
     * {@code owner} still holds the job, it still runs and its mark is still {@code expectedDone}; false (nothing
     * written) otherwise. {@code finishedAt} is set when the batch was the last.
     */
    public boolean complete(
            String id,
            String owner,
            int expectedDone,
            List<JobSubject> checked,
            Instant leaseUntil,
            Instant now,
            @Nullable Instant expiresWhenDone)
            throws SQLException {
        try (Connection connection = store.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int next = expectedDone + checked.size();
                try (PreparedStatement statement = connection.prepareStatement("UPDATE verification_job"
                        + " SET done = ?, pending_reason = NULL, waiting_source = NULL, lease_until = ?,"
                        + " state = CASE WHEN total = ? THEN 'DONE' ELSE state END,"
                        + " finished_at = CASE WHEN total = ? THEN ? ELSE finished_at END,"
                        + " expires_at = CASE WHEN total = ? THEN ? ELSE expires_at END"
                        + " WHERE id = ? AND lease_owner = ? AND done = ? AND state = 'RUNNING' AND total >= ?")) {
                    statement.setInt(1, next);
                    statement.setObject(2, time(leaseUntil));
                    statement.setInt(3, next);
                    statement.setInt(4, next);
                    statement.setObject(5, time(now));
                    statement.setInt(6, next);
                    statement.setObject(7, time(expiresWhenDone == null ? now : expiresWhenDone));
                    statement.setString(8, id);
                    statement.setString(9, owner);
                    statement.setInt(10, expectedDone);
                    statement.setInt(11, next);
                    if (statement.executeUpdate() != 1) {
                        connection.rollback();
                        return false;
                    }
                }
                Outcomes.write(connection, id, expectedDone, checked);
                connection.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * Notes why a running job's pending subjects wait and for which source ({@code source} is unavailable); both null
     * when they no longer do.
     */
    public void pendingReason(String id, @Nullable String reason, @Nullable String source) throws SQLException {
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement("UPDATE verification_job"
                        + " SET pending_reason = ?, waiting_source = ? WHERE id = ? AND state = 'RUNNING'")) {
            statement.setString(1, reason);
            statement.setString(2, source);
            statement.setString(3, id);
            statement.executeUpdate();
        }
    }

    /** Stops a running job ({@code CANCELLED} or {@code REFUSED}); true when it was running. */
    public boolean stop(String id, Job.State state, @Nullable String reason, Instant now, Instant expiresAt)
            throws SQLException {
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement("UPDATE verification_job SET state = ?,"
                        + " pending_reason = ?, waiting_source = NULL, finished_at = ?, expires_at = ?, lease_owner = NULL,"
                        + " lease_until = NULL WHERE id = ? AND state = 'RUNNING'")) {
            statement.setString(1, state.name());
            statement.setString(2, reason);
            statement.setObject(3, time(now));
            statement.setObject(4, time(expiresAt));
            statement.setString(5, id);
            return statement.executeUpdate() == 1;
        }
    }

    /** Jobs whose results are past their retention and not yet deleted. */
    public List<Job> expired(Instant now, int limit) throws SQLException {
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT " + JOB_COLUMNS
                        + " FROM verification_job WHERE state <> 'EXPIRED' AND state <> 'RUNNING' AND expires_at <= ?"
                        + " ORDER BY expires_at FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")) {
            statement.setObject(1, time(now));
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    jobs.add(job(rows));
                }
            }
            return jobs;
        }
    }

    /**
     * Deletes a finished job's subjects and outcomes and marks it {@code EXPIRED} (the job row stays, without any
     * subject, as the record that it existed); true when this call deleted them.
     */
    public boolean deleteResults(String id) throws SQLException {
        try (Connection connection = store.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int marked;
                try (PreparedStatement statement = connection.prepareStatement("UPDATE verification_job"
                        + " SET state = 'EXPIRED' WHERE id = ? AND state <> 'EXPIRED' AND state <> 'RUNNING'")) {
                    statement.setString(1, id);
                    marked = statement.executeUpdate();
                }
                for (String table : List.of("verification_job_outcome", "verification_job_chunk")) {
                    try (PreparedStatement statement =
                            connection.prepareStatement("DELETE FROM " + table + " WHERE job_id = ?")) {
                        statement.setString(1, id);
                        statement.executeUpdate();
                    }
                }
                connection.commit();
                return marked == 1;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static Job job(ResultSet rows) throws SQLException {
        return new Job(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                rows.getString(5),
                rows.getString(6),
                rows.getString(7),
                rows.getBoolean(8),
                Job.State.valueOf(rows.getString(9)),
                rows.getInt(10),
                rows.getInt(11),
                rows.getString(12),
                instant(rows.getTimestamp(13)),
                rows.getTimestamp(14) == null ? null : instant(rows.getTimestamp(14)),
                instant(rows.getTimestamp(15)));
    }

    private static LocalDateTime time(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
}
