package org.govshare.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.govshare.gateway.testing.RealServers;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Requests' records never wait for a bulk record's subjects: a verification job's batch record lists thousands of
 * subjects, which are stored as a set of their own before the record is chained, so a request answered meanwhile waits
 * for none of them. The chain check and a subject's access log see a set as they see a record's own subjects (on
 * PostgreSQL and on H2, the demo's control plane).
 */
class AuditLogLanesIT {
    private static final String DATABASE = RealServers.database("audit_lanes");
    private static final int BULK_SUBJECTS = 3_000;

    static Stream<Arguments> stores() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:audit-lanes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(h2)
                .locations("classpath:db/migration/audit")
                .load()
                .migrate();
        return Stream.of(
                Arguments.of("PostgreSQL", AuditLogIsolationIT.migratedStore(DATABASE + "_sets")),
                Arguments.of("H2", h2));
    }

    @Test
    void requestsRecordsDoNotWaitForABulkRecordsSubjects() throws Exception {
        DataSource store = AuditLogIsolationIT.migratedStore(DATABASE);
        AuditChain chain = new AuditChain(AuditKeys.from(RealServers.AUDIT_KEY).chainKey());
        AuditTrail trail = new AuditTrail(store, chain);
        try (AuditLog log = new AuditLog(store, chain, "lanes-test", 256, 1_000)) {
            CompletableFuture<Long> bulk;
            List<CompletableFuture<Long>> requests = new ArrayList<>();
            try (Connection blocker = store.getConnection()) {
                // Nothing can be added to the subject sets until the blocker lets go.
                blocker.setAutoCommit(false);
                try (Statement lock = blocker.createStatement()) {
                    lock.execute("LOCK TABLE audit_subject_set IN EXCLUSIVE MODE");
                }
                bulk = log.appendBulk(bulkEntry(0));
                Thread.sleep(200);
                for (int i = 0; i < 20; i++) {
                    requests.add(log.append(AuditEntryTest.entry("consumer-a", "REQUEST-" + i, "{ a }")));
                }
                for (CompletableFuture<Long> request : requests) {
                    assertThat(request.get(10, TimeUnit.SECONDS))
                            .as("a request's record, while the bulk record's subjects cannot be stored")
                            .isPositive();
                }
                assertThat(bulk).as("the bulk record waits for its subjects").isNotDone();
                blocker.rollback();
            }
            long bulkSeq = bulk.get(30, TimeUnit.SECONDS);
            long lastRequest = requests.get(requests.size() - 1).get();

            assertThat(bulkSeq).isGreaterThan(lastRequest);
            assertThat(count(store, "SELECT count(*) FROM audit_subject WHERE seq = ?", bulkSeq))
                    .as("no subject row of its own")
                    .isZero();
            assertThat(count(
                            store,
                            "SELECT count(*) FROM audit_subject_set s JOIN audit_record_subject_set m"
                                    + " ON m.set_id = s.set_id WHERE m.seq = ?",
                            bulkSeq))
                    .isEqualTo(BULK_SUBJECTS);
            assertThat(count(store, "SELECT count(*) FROM audit_subject WHERE seq = ?", lastRequest))
                    .isEqualTo(1);
        }
        assertThat(trail.verifyChain(null, null).ok()).isTrue();
    }

    /**
     * When a bulk record's subjects cannot be stored, its caller is told the trail is unavailable (a job's batch is
     * then not kept, and is checked again later), and requests' records are written all the same.
     */
    @Test
    void aBulkRecordWhoseSubjectsCannotBeStoredFailsAloneAndRequestsGoOn() throws Exception {
        DataSource store = AuditLogIsolationIT.migratedStore(DATABASE + "_refused");
        AuditChain chain = new AuditChain(AuditKeys.from(RealServers.AUDIT_KEY).chainKey());
        try (AuditLog log = new AuditLog(store, chain, "lanes-test", 256, 1_000)) {
            CompletableFuture<Long> bulk;
            update(store, "ALTER TABLE audit_subject_set RENAME TO audit_subject_set_away");
            try {
                bulk = log.appendBulk(bulkEntry(0));
                assertThat(log.append(AuditEntryTest.entry("consumer-a", "DURING", "{ a }"))
                                .get(30, TimeUnit.SECONDS))
                        .isPositive();
                assertThatThrownBy(() -> bulk.get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(AuditUnavailableException.class);
            } finally {
                update(store, "ALTER TABLE audit_subject_set_away RENAME TO audit_subject_set");
            }
            assertThat(log.appendBulk(bulkEntry(0)).get(30, TimeUnit.SECONDS)).isPositive();
        }
        assertThat(count(store, "SELECT count(*) FROM audit_record WHERE operation LIKE 'job batch:%' AND seq > ?", 0))
                .as("only the bulk record written once its subjects could be stored")
                .isEqualTo(1);
        assertThat(new AuditTrail(store, chain).verifyChain(null, null).ok()).isTrue();
    }

    /**
     * A bulk record's set is on its subjects' access logs, and covered by the chain: a subject taken out of it, or
     * added to it, or the record's link to it removed, is a record not as it was written.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aBulkRecordsSetIsCoveredByTheChain(String kind, DataSource store) throws Exception {
        AuditChain chain = new AuditChain(AuditKeys.from(RealServers.AUDIT_KEY).chainKey());
        AuditTrail trail = new AuditTrail(store, chain);
        long bulkSeq;
        try (AuditLog log = new AuditLog(store, chain, "lanes-test", 256, 1_000)) {
            log.append(AuditEntryTest.entry("consumer-a", "BEFORE", "{ a }")).get(30, TimeUnit.SECONDS);
            bulkSeq = log.appendBulk(bulkEntry(0)).get(30, TimeUnit.SECONDS);
            log.append(AuditEntryTest.entry("consumer-a", "AFTER", "{ a }")).get(30, TimeUnit.SECONDS);
        }
        assertThat(trail.verifyChain(null, null).ok()).isTrue();
        assertThat(trail.accessLog(subject(BULK_SUBJECTS - 1), null, null))
                .extracting(AuditTrail.AccessRecord::sequence, AuditTrail.AccessRecord::consumer)
                .containsExactly(tuple(bulkSeq, "pension-fund"));
        assertThat(trail.accessLog(subject(BULK_SUBJECTS), null, null)).isEmpty();
        long set = count(store, "SELECT set_id FROM audit_record_subject_set WHERE seq = ?", bulkSeq);

        update(store, "DELETE FROM audit_subject_set WHERE set_id = ? AND subject = '" + subject(7) + "'", set);
        AuditTrail.ChainCheck removed = trail.verifyChain(null, null);
        update(store, "INSERT INTO audit_subject_set (subject, set_id) VALUES ('" + subject(7) + "', ?)", set);
        assertThat(trail.verifyChain(null, null).ok()).isTrue();
        update(store, "INSERT INTO audit_subject_set (subject, set_id) VALUES ('" + subject(-1) + "', ?)", set);
        AuditTrail.ChainCheck added = trail.verifyChain(null, null);
        update(store, "DELETE FROM audit_subject_set WHERE set_id = ? AND subject = '" + subject(-1) + "'", set);
        assertThat(trail.verifyChain(null, null).ok()).isTrue();
        update(store, "DELETE FROM audit_record_subject_set WHERE seq = ?", bulkSeq);
        AuditTrail.ChainCheck unlinked = trail.verifyChain(null, null);

        assertThat(removed.ok()).isFalse();
        assertThat(removed.firstBrokenSequence()).isEqualTo(bulkSeq);
        assertThat(added.ok()).isFalse();
        assertThat(added.firstBrokenSequence()).isEqualTo(bulkSeq);
        assertThat(unlinked.ok()).isFalse();
        assertThat(unlinked.firstBrokenSequence()).isEqualTo(bulkSeq);
    }

    /**
     * A stream of requests' records that never lets the queue run empty does not hold a bulk record back for longer
     * than its maximum wait (before, the writer took a bulk record only when no request's record waited: a job could
     * be starved by other consumers' traffic for as long as it lasted).
     */
    @Test
    void aStreamOfRequestsRecordsDoesNotHoldABulkRecordBackForLong() throws Exception {
        PGSimpleDataSource store = AuditLogIsolationIT.migratedStore(DATABASE + "_stream");
        AuditChain chain = new AuditChain(AuditKeys.from(RealServers.AUDIT_KEY).chainKey());
        try (AuditLog log = new AuditLog(store, chain, "lanes-test", 256, 1_000)) {
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong written = new AtomicLong();
            Thread flood = new Thread(() -> {
                for (int i = 0; flooding.get(); i++) {
                    // Beyond the queue's capacity an append fails at once; the queue stays full meanwhile.
                    log.append(AuditEntryTest.entry("consumer-a", "FLOOD-" + i, "{ a }"))
                            .thenRun(written::incrementAndGet);
                }
            });
            flood.start();
            try {
                // The stream runs: the writer commits batch after batch with records always waiting.
                while (written.get() < 2_000) {
                    Thread.sleep(10);
                }
                CompletableFuture<Long> job = log.appendBulk(bulkEntry(0));

                assertThat(job.get(10, TimeUnit.SECONDS)).isPositive();
                long before = written.get();
                Thread.sleep(200);
                assertThat(written.get()).as("the stream went on meanwhile").isGreaterThan(before);
            } finally {
                flooding.set(false);
                flood.join();
            }
        }
        assertThat(new AuditTrail(store, chain).verifyChain(null, null).ok()).isTrue();
    }

    /** A job batch's record: {@link #BULK_SUBJECTS} subjects from {@code from}. */
    private static AuditEntry bulkEntry(int from) {
        List<String> subjects = IntStream.range(from, from + BULK_SUBJECTS)
                .mapToObj(AuditLogLanesIT::subject)
                .toList();
        return new AuditEntry(
                Instant.parse("2026-01-01T00:00:00Z"),
                "pension-fund",
                "PENSION_ELIGIBILITY_CHECK",
                "CASE-1",
                "clerk-1",
                "job batch: verify Resident subjects " + from + "-" + (from + BULK_SUBJECTS - 1),
                "0".repeat(64),
                List.of("Resident.registrationStatus:VERIFY"),
                subjects,
                new TreeMap<>(Map.of("police", (long) BULK_SUBJECTS)),
                AuditEntry.Outcome.ALLOWED,
                List.of("JOB:lanes"),
                1_000);
    }

    /** The digest of test subject {@code i}. */
    private static String subject(int i) {
        return String.format("%064x", i);
    }

    private static long count(DataSource store, String sql, long parameter) throws SQLException {
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, parameter);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getLong(1);
            }
        }
    }

    private static void update(DataSource store, String sql) throws SQLException {
        try (Connection connection = store.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void update(DataSource store, String sql, long parameter) throws SQLException {
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, parameter);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }
}
