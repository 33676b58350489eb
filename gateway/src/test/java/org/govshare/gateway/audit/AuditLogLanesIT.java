package org.govshare.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.govshare.gateway.testing.RealServers;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Requests' records never wait behind bulk records queued before them (PostgreSQL): a verification job's batch record
 * lists thousands of subjects, and a request answered while one is queued must not wait for its insert. Bulk records
 * are written after the requests' records waiting, each in a transaction of its own, with all their subjects.
 */
class AuditLogLanesIT {
    private static final String DATABASE = RealServers.database("audit_lanes");
    private static final int BULK_SUBJECTS = 3_000;

    @Test
    void requestsRecordsGoBeforeBulkRecordsQueuedEarlier() throws Exception {
        PGSimpleDataSource store = AuditLogIsolationIT.migratedStore(DATABASE);
        AuditChain chain = new AuditChain(AuditKeys.from(RealServers.AUDIT_KEY).chainKey());
        CompletableFuture<Long> first;
        List<CompletableFuture<Long>> bulk = new ArrayList<>();
        List<CompletableFuture<Long>> requests = new ArrayList<>();
        try (AuditLog log = new AuditLog(store, chain, "lanes-test", 256, 1_000);
                Connection blocker = store.getConnection()) {
            // The head row's lock holds the writer at its first record until everything else is queued.
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE");
            }
            first = log.append(AuditEntryTest.entry("consumer-a", "FIRST", "{ a }"));
            Thread.sleep(200);
            bulk.add(log.appendBulk(bulkEntry(0)));
            bulk.add(log.appendBulk(bulkEntry(BULK_SUBJECTS)));
            for (int i = 0; i < 20; i++) {
                requests.add(log.append(AuditEntryTest.entry("consumer-a", "REQUEST-" + i, "{ a }")));
            }
            blocker.rollback();

            long firstSeq = first.get(30, TimeUnit.SECONDS);
            long lastRequest = 0;
            for (CompletableFuture<Long> request : requests) {
                lastRequest = Math.max(lastRequest, request.get(30, TimeUnit.SECONDS));
            }
            long bulkOne = bulk.get(0).get(30, TimeUnit.SECONDS);
            long bulkTwo = bulk.get(1).get(30, TimeUnit.SECONDS);
            assertThat(firstSeq).isEqualTo(1);
            assertThat(lastRequest)
                    .as("the requests' records, queued after both bulk records")
                    .isLessThan(bulkOne);
            assertThat(bulkTwo).isEqualTo(bulkOne + 1);
            assertThat(log.committedBatches())
                    .as("the first record, the requests' records together, each bulk record alone")
                    .isEqualTo(4);
            assertThat(subjectsOf(store, bulkOne)).isEqualTo(BULK_SUBJECTS);
            assertThat(subjectsOf(store, bulkTwo)).isEqualTo(BULK_SUBJECTS);
            assertThat(subjectsOf(store, lastRequest)).isEqualTo(1);
        }
        assertThat(new AuditTrail(store, chain).verifyChain(null, null).ok()).isTrue();
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
                .mapToObj(i -> String.format("%064x", i))
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

    private static int subjectsOf(PGSimpleDataSource store, long seq) throws SQLException {
        try (Connection connection = store.getConnection();
                PreparedStatement count =
                        connection.prepareStatement("SELECT count(*) FROM audit_subject WHERE seq = ?")) {
            count.setLong(1, seq);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
