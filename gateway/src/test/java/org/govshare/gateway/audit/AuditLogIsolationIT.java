package org.govshare.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.govshare.gateway.testing.RealServers;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One record the store refuses never fails the other records of its batch (PostgreSQL): they are written, it is
 * written in its minimal form, and the chain stays intact. The refusal is a constraint of the test's own, standing
 * for any record the store cannot take (a value too long, a character it cannot hold, a trigger).
 */
class AuditLogIsolationIT {
    private static final String DATABASE = RealServers.database("audit_isolation");

    @Test
    void aRecordTheStoreRefusesNeverFailsTheOthersOfItsBatch() throws Exception {
        PGSimpleDataSource store = migratedStore(DATABASE);
        try (Connection connection = store.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE audit_record ADD CONSTRAINT refuses_poison"
                    + " CHECK (case_id IS NULL OR case_id <> 'POISON')");
        }
        AuditChain chain = new AuditChain(AuditKeys.from(RealServers.AUDIT_KEY).chainKey());
        List<CompletableFuture<Long>> written = new ArrayList<>();
        try (AuditLog log = new AuditLog(store, chain, "isolation-test", 256, 1_000);
                Connection blocker = store.getConnection()) {
            // The head row's lock holds the writer back until every record is queued: they form one batch.
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE");
            }
            written.add(log.append(AuditEntryTest.entry("consumer-a", "GOOD-0", "{ a }")));
            Thread.sleep(200);
            for (int i = 1; i <= 100; i++) {
                written.add(log.append(AuditEntryTest.entry("consumer-a", "GOOD-" + i, "{ a }")));
                if (i == 50) {
                    written.add(log.append(AuditEntryTest.entry("consumer-b", "POISON", "{ b }")));
                }
            }
            blocker.rollback();
            for (CompletableFuture<Long> future : written) {
                assertThat(future.get(30, TimeUnit.SECONDS)).isPositive();
            }
        }

        Map<String, String> operations = new HashMap<>();
        int poisonRecords = 0;
        try (Connection connection = store.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT consumer_id, case_id, operation FROM audit_record")) {
            while (rows.next()) {
                if (rows.getString(1).equals("consumer-b")) {
                    poisonRecords++;
                    assertThat(rows.getString(2)).isNull();
                } else {
                    operations.put(rows.getString(2), rows.getString(3));
                }
            }
        }
        assertThat(poisonRecords).isEqualTo(1);
        assertThat(operations).hasSize(101);
        assertThat(operations.values()).containsOnly("{ a }");
        assertThat(new AuditTrail(store, chain).verifyChain(null, null).ok()).isTrue();
    }

    /** A new PostgreSQL database {@code database} holding the audit trail's tables and nothing else. */
    static PGSimpleDataSource migratedStore(String database) {
        RealServers.recreatePostgresDatabase(database);
        PGSimpleDataSource store = new PGSimpleDataSource();
        store.setUrl(RealServers.POSTGRES + database);
        store.setUser("postgres");
        Flyway.configure()
                .dataSource(store)
                .locations("classpath:db/migration/audit")
                .load()
                .migrate();
        return store;
    }
}
