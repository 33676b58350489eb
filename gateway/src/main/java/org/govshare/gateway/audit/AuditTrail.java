package org.govshare.gateway.audit;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads the audit trail: who read or verified what about one subject ({@code accessLog}, the basis of a citizen's
 * "who looked at my data" report), use per consumer and purpose over time, and the check of the hash chain that finds
 * an edited, deleted or reordered record.
 */
public final class AuditTrail {
    /** One record as {@code accessLog} shows it. */
    public record AccessRecord(
            long sequence,
            Instant at,
            String consumer,
            @Nullable String purpose,
            @Nullable String caseId,
            @Nullable String operatorId,
            List<String> fields,
            String outcome,
            List<String> codes) {
        public AccessRecord {
            requireNonNull(at, "at is null");
            requireNonNull(consumer, "consumer is null");
            fields = List.copyOf(fields);
            requireNonNull(outcome, "outcome is null");
            codes = List.copyOf(codes);
        }
    }

    /**
     * Operations of one consumer for one purpose in one period: allowed ones that read or verified data, allowed ones
     * that used no data (catalog, workflow, introspection), and refused ones.
     */
    public record Usage(
            Instant period,
            String consumer,
            @Nullable String purpose,
            long allowed,
            long allowedWithoutData,
            long denied) {}

    /**
     * The result of checking the chain over a period: the records checked, and where it first breaks (the sequence
     * number and time of the first record that is not what was written, and why).
     */
    public record ChainCheck(
            boolean ok,
            long records,
            @Nullable Long firstBrokenSequence,
            @Nullable Instant firstBrokenAt,
            @Nullable String problem) {}

    /** An operation shape a consumer ran, with the field uses it made ({@code Resident.name:READ}) and how often. */
    public record RecordedShape(@Nullable String purpose, String operation, List<String> fieldUses, long requests) {
        public RecordedShape {
            requireNonNull(operation, "operation is null");
            fieldUses = List.copyOf(fieldUses);
        }
    }

    /** Periods for {@link #usage}. */
    public enum Period {
        HOUR,
        DAY
    }

    private final DataSource store;
    private final AuditChain chain;

    public AuditTrail(DataSource store, AuditChain chain) {
        this.store = store;
        this.chain = chain;
    }

    /** Records about the subject with this digest, oldest first, within {@code [from, to)} where given. */
    public List<AccessRecord> accessLog(String subjectDigest, @Nullable Instant from, @Nullable Instant to)
            throws SQLException {
        // A record's subjects are its own rows, or the set it names (a bulk record's).
        String columns = "r.seq, r.at, r.consumer_id, r.purpose_code, r.case_id, r.operator_id, r.fields, r.outcome,"
                + " r.codes";
        String sql = "SELECT " + columns + " FROM audit_subject s JOIN audit_record r ON r.seq = s.seq"
                + " WHERE s.subject = ? AND r.at >= ? AND r.at < ?"
                + " UNION ALL SELECT " + columns
                + " FROM audit_subject_set s JOIN audit_record_subject_set m ON m.set_id = s.set_id"
                + " JOIN audit_record r ON r.seq = m.seq"
                + " WHERE s.subject = ? AND r.at >= ? AND r.at < ? ORDER BY 1";
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int offset = 0; offset <= 3; offset += 3) {
                statement.setString(1 + offset, subjectDigest);
                statement.setObject(2 + offset, time(from, Instant.EPOCH));
                statement.setObject(3 + offset, time(to, Instant.parse("9999-12-31T00:00:00Z")));
            }
            List<AccessRecord> records = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    records.add(new AccessRecord(
                            rows.getLong(1),
                            instant(rows.getObject(2, LocalDateTime.class)),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getString(6),
                            split(rows.getString(7)),
                            rows.getString(8),
                            split(rows.getString(9))));
                }
            }
            return records;
        }
    }

    /**
     * Allowed operations with and without data, and denied ones, per consumer, purpose and period within
     * {@code [from, to)}. An allowed operation used data when it recorded field uses.
     */
    public List<Usage> usage(@Nullable Instant from, @Nullable Instant to, Period period) throws SQLException {
        String sql = "SELECT DATE_TRUNC('" + period.name() + "', at) AS period, consumer_id, purpose_code,"
                + " SUM(CASE WHEN outcome = 'ALLOWED' AND fields <> '' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN outcome = 'ALLOWED' AND fields = '' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN outcome = 'ALLOWED' THEN 0 ELSE 1 END)"
                + " FROM audit_record WHERE at >= ? AND at < ?"
                + " GROUP BY DATE_TRUNC('" + period.name() + "', at), consumer_id, purpose_code"
                + " ORDER BY 1, 2, 3";
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, time(from, Instant.EPOCH));
            statement.setObject(2, time(to, Instant.parse("9999-12-31T00:00:00Z")));
            List<Usage> usage = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    usage.add(new Usage(
                            instant(rows.getObject(1, LocalDateTime.class)),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getLong(4),
                            rows.getLong(5),
                            rows.getLong(6)));
                }
            }
            return usage;
        }
    }

    /** The distinct operation shapes (with their field uses) {@code consumer} ran since {@code since}. */
    public List<RecordedShape> recordedShapes(String consumer, Instant since) throws SQLException {
        String sql = "SELECT purpose_code, operation, fields, COUNT(*) FROM audit_record"
                + " WHERE consumer_id = ? AND at >= ? AND fields <> ''"
                + " GROUP BY purpose_code, operation_hash, operation, fields ORDER BY 4 DESC";
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, consumer);
            statement.setObject(2, time(since, since));
            List<RecordedShape> shapes = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    shapes.add(new RecordedShape(
                            rows.getString(1), rows.getString(2), split(rows.getString(3)), rows.getLong(4)));
                }
            }
            return shapes;
        }
    }

    /** The field coordinates {@code consumer} read or verified for {@code purpose} in operations allowed since then. */
    public java.util.Set<String> usedFields(String consumer, String purpose, Instant since) throws SQLException {
        String sql = "SELECT DISTINCT fields FROM audit_record"
                + " WHERE consumer_id = ? AND purpose_code = ? AND outcome = 'ALLOWED' AND at >= ?";
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, consumer);
            statement.setString(2, purpose);
            statement.setObject(3, time(since, since));
            java.util.Set<String> used = new java.util.TreeSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    for (String use : split(rows.getString(1))) {
                        int colon = use.lastIndexOf(':');
                        used.add(colon < 0 ? use : use.substring(0, colon));
                    }
                }
            }
            return used;
        }
    }

    /**
     * Recomputes the chain over the records within {@code [from, to)} (all when open): each record's hash from its
     * content and its predecessor's hash, the links, and that sequence numbers have no gap; with an open end, also
     * that the last record is the head the writers left (a cut-off tail).
     */
    public ChainCheck verifyChain(@Nullable Instant from, @Nullable Instant to) throws SQLException {
        try (Connection connection = store.getConnection()) {
            connection.setReadOnly(true);
            // One read-only transaction, so that the records and their subjects stream (PostgreSQL's driver reads a
            // result whole outside a transaction): a check holds one record's subjects at a time, not a range's.
            connection.setAutoCommit(false);
            try {
                return verifyChain(connection, from, to);
            } finally {
                connection.rollback();
            }
        }
    }

    private ChainCheck verifyChain(Connection connection, @Nullable Instant from, @Nullable Instant to)
            throws SQLException {
        long firstSeq;
        long lastSeq;
        try (PreparedStatement range =
                connection.prepareStatement("SELECT MIN(seq), MAX(seq) FROM audit_record WHERE at >= ? AND at < ?")) {
            range.setObject(1, time(from, Instant.EPOCH));
            range.setObject(2, time(to, Instant.parse("9999-12-31T00:00:00Z")));
            try (ResultSet row = range.executeQuery()) {
                row.next();
                firstSeq = row.getLong(1);
                if (row.wasNull()) {
                    return tail(connection, 0, AuditChain.GENESIS, 0, to);
                }
                lastSeq = row.getLong(2);
            }
        }
        String previous = previousHash(connection, firstSeq);
        long expected = firstSeq;
        long checked = 0;
        String sql = "SELECT seq, at, consumer_id, purpose_code, case_id, operator_id, operation_hash, operation,"
                + " fields, source_rows, outcome, codes, latency_micros, prev_hash, hash FROM audit_record"
                + " WHERE seq >= ? AND seq <= ? ORDER BY seq";
        try (PreparedStatement statement = connection.prepareStatement(sql);
                // A record's own subject rows, and the set a bulk record names, in sequence order beside it.
                SubjectCursor own = new SubjectCursor(
                        connection,
                        "SELECT seq, subject FROM audit_subject WHERE seq >= ? AND seq <= ? ORDER BY seq",
                        firstSeq,
                        lastSeq);
                SubjectCursor sets = new SubjectCursor(
                        connection,
                        "SELECT m.seq, s.subject FROM audit_record_subject_set m JOIN audit_subject_set s"
                                + " ON s.set_id = m.set_id WHERE m.seq >= ? AND m.seq <= ? ORDER BY m.seq",
                        firstSeq,
                        lastSeq)) {
            statement.setLong(1, firstSeq);
            statement.setLong(2, lastSeq);
            statement.setFetchSize(1_000);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long seq = rows.getLong(1);
                    List<String> subjects = new ArrayList<>();
                    own.addTo(seq, subjects);
                    sets.addTo(seq, subjects);
                    // Sorted as the writer sorted them (Java's order, not the database's collation).
                    subjects.sort(null);
                    Instant at = instant(rows.getObject(2, LocalDateTime.class));
                    if (seq != expected) {
                        return broken(checked, expected, at, "record " + expected + " is missing");
                    }
                    if (!rows.getString(14).equals(previous)) {
                        return broken(checked, seq, at, "the record does not follow its predecessor");
                    }
                    String hash = chain.hash(
                            seq,
                            previous,
                            at,
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getString(6),
                            rows.getString(7),
                            rows.getString(8),
                            rows.getString(9),
                            subjects,
                            rows.getString(10),
                            rows.getString(11),
                            rows.getString(12),
                            rows.getLong(13));
                    if (!hash.equals(rows.getString(15))) {
                        return broken(checked, seq, at, "the record is not what was written");
                    }
                    previous = hash;
                    expected++;
                    checked++;
                }
            }
        }
        return tail(connection, lastSeq, previous, checked, to);
    }

    /** With an open end, the last record must be the head: otherwise records were cut off the end of the chain. */
    private static ChainCheck tail(
            Connection connection, long lastSeq, String lastHash, long checked, @Nullable Instant to)
            throws SQLException {
        if (to != null) {
            return new ChainCheck(true, checked, null, null, null);
        }
        try (PreparedStatement head =
                        connection.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
                ResultSet row = head.executeQuery()) {
            if (!row.next()) {
                return broken(checked, lastSeq, null, "the chain's head is missing");
            }
            if (row.getLong(1) < lastSeq) {
                return broken(checked, row.getLong(1) + 1, null, "records were added outside the chain");
            }
            if (row.getLong(1) != lastSeq || !row.getString(2).equals(lastHash)) {
                return broken(checked, lastSeq + 1, null, "records after " + lastSeq + " are missing");
            }
            return new ChainCheck(true, checked, null, null, null);
        }
    }

    private static String previousHash(Connection connection, long firstSeq) throws SQLException {
        if (firstSeq <= 1) {
            return AuditChain.GENESIS;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT hash FROM audit_record WHERE seq = ?")) {
            statement.setLong(1, firstSeq - 1);
            try (ResultSet row = statement.executeQuery()) {
                // A missing predecessor shows up as a broken link at the first record checked.
                return row.next() ? row.getString(1) : "missing";
            }
        }
    }

    /**
     * Subjects read in sequence order beside the records they belong to: a check holds one record's subjects at a
     * time. Rows whose sequence number no record has are passed over (the check finds such a gap by the records).
     */
    private static final class SubjectCursor implements AutoCloseable {
        private final PreparedStatement statement;
        private final ResultSet rows;
        /** Whether {@link #rows} is on a row not yet taken. */
        private boolean on;

        SubjectCursor(Connection connection, String sql, long firstSeq, long lastSeq) throws SQLException {
            statement = connection.prepareStatement(sql);
            try {
                statement.setLong(1, firstSeq);
                statement.setLong(2, lastSeq);
                statement.setFetchSize(10_000);
                rows = statement.executeQuery();
                on = rows.next();
            } catch (SQLException | RuntimeException e) {
                statement.close();
                throw e;
            }
        }

        /** Adds record {@code seq}'s subjects to {@code subjects}; the records are taken in ascending order. */
        void addTo(long seq, List<String> subjects) throws SQLException {
            while (on && rows.getLong(1) < seq) {
                on = rows.next();
            }
            while (on && rows.getLong(1) == seq) {
                subjects.add(rows.getString(2));
                on = rows.next();
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                rows.close();
            } finally {
                statement.close();
            }
        }
    }

    private static ChainCheck broken(long checked, long seq, @Nullable Instant at, String problem) {
        return new ChainCheck(false, checked, seq, at, problem);
    }

    private static LocalDateTime time(@Nullable Instant instant, Instant otherwise) {
        return LocalDateTime.ofInstant(instant == null ? otherwise : instant, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime time) {
        return time.toInstant(ZoneOffset.UTC);
    }

    private static List<String> split(@Nullable String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
