package org.govshare.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The audit chain: records hashed in sequence verify, and editing any stored column of a record, deleting a record,
 * reordering records or re-making the chain without the key is found at the first record it touches. The walk here
 * is the one {@code AuditTrail} makes over the stored rows, on records in memory.
 */
class AuditChainTest {
    private static final byte[] KEY = "a key of at least thirty-two bytes!".getBytes(StandardCharsets.UTF_8);
    private static final Instant AT = Instant.parse("2026-06-01T02:00:00.123456Z");

    private final AuditChain chain = new AuditChain(KEY);

    /** A record as stored: sequence number, the hash it follows, its content, its hash. */
    private record Stored(long seq, String previousHash, AuditEntry entry, String hash) {}

    private static AuditEntry entry(int i) {
        return new AuditEntry(
                AT.plusSeconds(i),
                "dongguan-window",
                "PENSION_EXTENSION",
                "case-" + i,
                "clerk-17",
                "query { resident(idNumber: $idNumber) { name } }",
                "0".repeat(63) + i,
                List.of("Query.resident:READ", "Resident.name:READ"),
                List.of("subject-" + i),
                new TreeMap<>(Map.of("police", 1L)),
                AuditEntry.Outcome.ALLOWED,
                List.of(),
                1_000 + i);
    }

    private List<Stored> written(int count) {
        List<Stored> records = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (int i = 1; i <= count; i++) {
            AuditEntry entry = entry(i);
            String hash = chain.hash(i, previous, entry);
            records.add(new Stored(i, previous, entry, hash));
            previous = hash;
        }
        return records;
    }

    /** The first record at which the chain breaks, if it does. */
    private OptionalLong firstBroken(AuditChain verifying, List<Stored> records) {
        String previous = AuditChain.GENESIS;
        long expected = 1;
        for (Stored record : records) {
            if (record.seq() != expected || !record.previousHash().equals(previous)) {
                return OptionalLong.of(expected);
            }
            if (!storedHash(verifying, record).equals(record.hash())) {
                return OptionalLong.of(record.seq());
            }
            previous = record.hash();
            expected++;
        }
        return OptionalLong.empty();
    }

    /** The hash recomputed from the stored columns, as the trail's verification does. */
    private static String storedHash(AuditChain verifying, Stored record) {
        AuditEntry entry = record.entry();
        return verifying.hash(
                record.seq(),
                record.previousHash(),
                entry.at(),
                entry.consumer(),
                entry.purpose(),
                entry.caseId(),
                entry.operatorId(),
                entry.operationHash(),
                entry.operation(),
                String.join(",", entry.fields()),
                entry.subjects(),
                AuditEntries.rows(entry.sourceRows()),
                entry.outcome().name(),
                String.join(",", entry.codes()),
                entry.latencyMicros());
    }

    private static AuditEntry changed(
            AuditEntry e,
            @Nullable String consumer,
            @Nullable String purpose,
            @Nullable String caseId,
            @Nullable List<String> fields,
            @Nullable List<String> subjects) {
        return new AuditEntry(
                e.at(),
                consumer == null ? e.consumer() : consumer,
                purpose == null ? e.purpose() : purpose,
                caseId == null ? e.caseId() : caseId,
                e.operatorId(),
                e.operation(),
                e.operationHash(),
                fields == null ? e.fields() : fields,
                subjects == null ? e.subjects() : subjects,
                e.sourceRows(),
                e.outcome(),
                e.codes(),
                e.latencyMicros());
    }

    private List<Stored> withThird(List<Stored> records, UnaryOperator<AuditEntry> edit) {
        List<Stored> edited = new ArrayList<>(records);
        Stored third = edited.get(2);
        edited.set(2, new Stored(third.seq(), third.previousHash(), edit.apply(third.entry()), third.hash()));
        return edited;
    }

    @Test
    void recordsHashedInSequenceVerify() {
        List<Stored> records = written(5);

        assertThat(firstBroken(chain, records)).isEmpty();
        // The stored columns hash exactly like the entry they were written from.
        records.forEach(record -> assertThat(storedHash(chain, record)).isEqualTo(record.hash()));
    }

    @Test
    void editingAnyStoredColumnBreaksTheChainAtThatRecord() {
        List<Stored> records = written(5);
        List<UnaryOperator<AuditEntry>> edits = List.of(
                e -> changed(e, "bank-kyc", null, null, null, null),
                e -> changed(e, null, "ACCOUNT_OPENING_KYC", null, null, null),
                e -> changed(e, null, null, "case-other", null, null),
                e -> changed(e, null, null, null, List.of("Query.resident:READ"), null),
                e -> changed(e, null, null, null, null, List.of("someone-else")),
                e -> changed(e, null, null, null, null, List.of()),
                e -> new AuditEntry(
                        e.at().plusNanos(1_000),
                        e.consumer(),
                        e.purpose(),
                        e.caseId(),
                        e.operatorId(),
                        e.operation(),
                        e.operationHash(),
                        e.fields(),
                        e.subjects(),
                        e.sourceRows(),
                        e.outcome(),
                        e.codes(),
                        e.latencyMicros()),
                e -> new AuditEntry(
                        e.at(),
                        e.consumer(),
                        e.purpose(),
                        e.caseId(),
                        null,
                        e.operation(),
                        e.operationHash(),
                        e.fields(),
                        e.subjects(),
                        new TreeMap<>(Map.of("police", 2L)),
                        AuditEntry.Outcome.DENIED,
                        List.of("FORBIDDEN_FIELD"),
                        e.latencyMicros() + 1));

        for (UnaryOperator<AuditEntry> edit : edits) {
            assertThat(firstBroken(chain, withThird(records, edit))).hasValue(3);
        }
    }

    @Test
    void anAbsentValueAndAnEmptyOneHashApart() {
        Stored record = written(1).get(0);
        AuditEntry entry = record.entry();
        AuditEntry emptyCase = changed(entry, null, null, "", null, null);
        AuditEntry noCase = new AuditEntry(
                entry.at(),
                entry.consumer(),
                entry.purpose(),
                null,
                entry.operatorId(),
                entry.operation(),
                entry.operationHash(),
                entry.fields(),
                entry.subjects(),
                entry.sourceRows(),
                entry.outcome(),
                entry.codes(),
                entry.latencyMicros());

        assertThat(chain.hash(1, AuditChain.GENESIS, emptyCase))
                .isNotEqualTo(chain.hash(1, AuditChain.GENESIS, noCase));
        // Text moved from one column to the next changes the hash too: every text is length-prefixed.
        assertThat(chain.hash(1, AuditChain.GENESIS, changed(entry, "ab", "c", null, null, null)))
                .isNotEqualTo(chain.hash(1, AuditChain.GENESIS, changed(entry, "a", "bc", null, null, null)));
    }

    @Test
    void aDeletedRecordBreaksTheChainWhereItWas() {
        List<Stored> records = written(5);
        List<Stored> withoutThird = new ArrayList<>(records);
        withoutThird.remove(2);

        assertThat(firstBroken(chain, withoutThird)).hasValue(3);
    }

    @Test
    void reorderedRecordsBreakTheChain() {
        List<Stored> records = written(5);
        List<Stored> swapped = new ArrayList<>(records);
        Stored third = swapped.get(2);
        Stored fourth = swapped.get(3);
        // Even with their sequence numbers swapped back, the records no longer follow each other.
        swapped.set(2, new Stored(3, fourth.previousHash(), fourth.entry(), fourth.hash()));
        swapped.set(3, new Stored(4, third.previousHash(), third.entry(), third.hash()));

        assertThat(firstBroken(chain, swapped)).hasValue(3);
    }

    @Test
    void aChainReMadeWithoutTheKeyDoesNotVerify() {
        List<Stored> records = written(5);
        AuditChain forger = new AuditChain("another key, also of thirty-two bytes".getBytes(StandardCharsets.UTF_8));
        List<Stored> forged = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (Stored record : records) {
            AuditEntry entry =
                    record.seq() == 3 ? changed(record.entry(), "bank-kyc", null, null, null, null) : record.entry();
            String hash = forger.hash(record.seq(), previous, entry);
            forged.add(new Stored(record.seq(), previous, entry, hash));
            previous = hash;
        }

        assertThat(firstBroken(forger, forged)).isEmpty();
        assertThat(firstBroken(chain, forged)).hasValue(1);
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new AuditChain(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }
}
