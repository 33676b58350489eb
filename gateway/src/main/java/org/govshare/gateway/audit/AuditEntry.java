package org.govshare.gateway.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the audit trail records of one operation: when, who (consumer, purpose, case, operator), what was asked (the
 * operation's privacy-safe shape and its hash, the field coordinates read or verified with their access), whom it was
 * about (subjects as keyed digests), what the sources returned (rows per source), how it ended (ALLOWED or DENIED and
 * the error codes) and how long it took. {@code at} has microsecond precision, as the stores keep it.
 */
public record AuditEntry(
        Instant at,
        String consumer,
        @Nullable String purpose,
        @Nullable String caseId,
        @Nullable String operatorId,
        String operation,
        String operationHash,
        List<String> fields,
        List<String> subjects,
        SortedMap<String, Long> sourceRows,
        Outcome outcome,
        List<String> codes,
        long latencyMicros) {
    /** ALLOWED when the operation ran (possibly with partial errors such as an unavailable source), else DENIED. */
    public enum Outcome {
        ALLOWED,
        DENIED
    }

    public AuditEntry {
        requireNonNull(at, "at is null");
        requireNonNull(consumer, "consumer is null");
        requireNonNull(operation, "operation is null");
        requireNonNull(operationHash, "operationHash is null");
        fields = List.copyOf(fields);
        subjects = subjects.stream().sorted().distinct().toList();
        sourceRows = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(sourceRows));
        requireNonNull(outcome, "outcome is null");
        codes = List.copyOf(codes);
    }
}
