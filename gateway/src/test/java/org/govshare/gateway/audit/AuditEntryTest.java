package org.govshare.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** An audit entry always fits the store: no value beyond its column, no character the store cannot hold. */
class AuditEntryTest {
    static AuditEntry entry(String consumer, String caseId, String operation) {
        return new AuditEntry(
                Instant.parse("2026-01-01T00:00:00Z"),
                consumer,
                "PENSION_EXTENSION",
                caseId,
                "clerk-17",
                operation,
                "0".repeat(64),
                List.of("Resident.name:READ"),
                List.of("a".repeat(64)),
                new TreeMap<>(Map.of("police", 1L)),
                AuditEntry.Outcome.ALLOWED,
                List.of(),
                1_000);
    }

    @Test
    void valuesBeyondTheirColumnAreKeptInABoundedFormThatTellsThemApart() {
        AuditEntry one = entry("c".repeat(500), "x".repeat(40_000), "{ a }");
        AuditEntry other = entry("c".repeat(499) + "d", "x".repeat(39_999) + "y", "{ a }");

        assertThat(one.consumer()).hasSize(AuditEntry.CONSUMER_LENGTH).startsWith("ccc");
        assertThat(one.caseId()).hasSize(AuditEntry.REFERENCE_LENGTH).startsWith("xxx");
        assertThat(one.consumer()).isNotEqualTo(other.consumer());
        assertThat(one.caseId()).isNotEqualTo(other.caseId());
    }

    @Test
    void valuesWithinTheirColumnAreKeptAsTheyAre() {
        AuditEntry entry = entry("dongguan-window", "SB-2026-0001", "{ resident(idNumber: \"\") { name } }");

        assertThat(entry.consumer()).isEqualTo("dongguan-window");
        assertThat(entry.caseId()).isEqualTo("SB-2026-0001");
        assertThat(entry.operation()).isEqualTo("{ resident(idNumber: \"\") { name } }");
    }

    @Test
    void charactersNoStoreHoldsAreReplaced() {
        AuditEntry entry = entry("bad\u0000consumer\uD800", "case", "{ a }");

        assertThat(entry.consumer()).isEqualTo("bad\uFFFDconsumer\uFFFD");
        assertThat(entry("张秀英\uD83D\uDE00", "case", "{ a }").consumer()).isEqualTo("张秀英\uD83D\uDE00");
    }

    @Test
    void anOperationBeyondItsColumnIsCut() {
        AuditEntry entry = entry("consumer", "case", "{ " + "a ".repeat(60_000) + "}");

        assertThat(entry.operation()).hasSize(AuditEntry.OPERATION_LENGTH);
    }

    @Test
    void theMinimalFormKeepsWhoWhenWhomAndHowItEnded() {
        AuditEntry entry = entry("dongguan-window", "SB-1", "{ a }");

        AuditEntry minimal = entry.minimal();

        assertThat(minimal.consumer()).isEqualTo("dongguan-window");
        assertThat(minimal.at()).isEqualTo(entry.at());
        assertThat(minimal.subjects()).isEqualTo(entry.subjects());
        assertThat(minimal.outcome()).isEqualTo(entry.outcome());
        assertThat(minimal.operationHash()).isEqualTo(entry.operationHash());
        assertThat(minimal.caseId()).isNull();
        assertThat(minimal.fields()).isEmpty();
    }
}
