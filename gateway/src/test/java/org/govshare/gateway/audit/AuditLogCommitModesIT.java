package org.govshare.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.govshare.gateway.testing.RealServers;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How the writer commits on PostgreSQL. A record written while nothing else waits (a quiet gateway, a lone caller) is
 * committed durably by the writer in one round trip and answered from there; records that arrive while others are
 * written are committed without waiting for their flush and made durable by the flusher, so commits overlap under
 * load. Both kinds, and a writer that finds the head moved by another instance, keep one verifiable chain.
 */
class AuditLogCommitModesIT {
    private static final String DATABASE = RealServers.database("audit_commit_modes");

    @Test
    void aRecordWrittenAloneIsCommittedDurablyByTheWriter() throws Exception {
        PGSimpleDataSource store = AuditLogIsolationIT.migratedStore(DATABASE);
        AuditChain chain = new AuditChain(AuditKeys.from(RealServers.AUDIT_KEY).chainKey());
        try (AuditLog log = new AuditLog(store, chain, "modes-test", 256, 1_000)) {
            for (int i = 0; i < 20; i++) {
                log.append(AuditEntryTest.entry("consumer-a", "ALONE-" + i, "{ a }"))
                        .get(30, TimeUnit.SECONDS);
            }

            // The first batch learns where the head is (under its lock); each one after is written alone.
            assertThat(log.committedBatches()).isEqualTo(20);
            assertThat(log.durableBatches()).isEqualTo(19);
        }
        assertThat(new AuditTrail(store, chain).verifyChain(null, null).ok()).isTrue();
    }

    @Test
    void recordsThatWaitAreCommittedWithOverlappingFlushes() throws Exception {
        PGSimpleDataSource store = AuditLogIsolationIT.migratedStore(DATABASE + "_load");
        AuditChain chain = new AuditChain(AuditKeys.from(RealServers.AUDIT_KEY).chainKey());
        try (AuditLog log = new AuditLog(store, chain, "modes-test", 16, 10_000)) {
            List<CompletableFuture<Long>> written = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                written.add(log.append(AuditEntryTest.entry("consumer-a", "LOAD-" + i, "{ a }")));
            }
            for (CompletableFuture<Long> record : written) {
                assertThat(record.get(60, TimeUnit.SECONDS)).isPositive();
            }

            // At most 16 a batch, so at least 125 batches, nearly all with records waiting behind them.
            assertThat(log.writtenRecords()).isEqualTo(2_000);
            assertThat(log.committedBatches()).isGreaterThanOrEqualTo(125);
            assertThat(log.durableBatches()).isLessThan(log.committedBatches() / 2);
        }
        assertThat(new AuditTrail(store, chain).verifyChain(null, null).ok()).isTrue();
    }

    @Test
    void aWriterThatFindsTheHeadMovedChainsItsRecordUnderTheLock() throws Exception {
        PGSimpleDataSource store = AuditLogIsolationIT.migratedStore(DATABASE + "_instances");
        AuditChain chain = new AuditChain(AuditKeys.from(RealServers.AUDIT_KEY).chainKey());
        try (AuditLog first = new AuditLog(store, chain, "instance-1", 256, 1_000);
                AuditLog second = new AuditLog(store, chain, "instance-2", 256, 1_000)) {
            for (int i = 0; i < 5; i++) {
                first.append(AuditEntryTest.entry("consumer-a", "FIRST-" + i, "{ a }"))
                        .get(30, TimeUnit.SECONDS);
                second.append(AuditEntryTest.entry("consumer-a", "SECOND-" + i, "{ a }"))
                        .get(30, TimeUnit.SECONDS);
            }

            // Each instance found the head moved by the other every time: nothing was written durably in one round
            // trip from a stale head, every batch went under the lock.
            assertThat(first.durableBatches()).isZero();
            assertThat(second.durableBatches()).isZero();
            assertThat(first.committedBatches() + second.committedBatches()).isEqualTo(10);
        }
        AuditTrail.ChainCheck check = new AuditTrail(store, chain).verifyChain(null, null);
        assertThat(check.problem()).isNull();
        assertThat(check.ok()).isTrue();
    }
}
