package org.govshare.gateway.audit;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the audit trail records of one operation: when, who (consumer, purpose, case, operator), what was asked (the
 * operation's privacy-safe shape and its hash, the field coordinates read or verified with their access), whom it was
 * about (subjects as keyed digests), what the sources returned (rows per source), how it ended (ALLOWED or DENIED and
 * the error codes) and how long it took. {@code at} has microsecond precision, as the stores keep it.
 *
 * <p>Every text fits its column: a value beyond its bound is kept in a bounded form (its start and a digest of the
 * whole, so distinct values stay distinct), and characters a store cannot hold (NUL, unpaired surrogates) are
 * replaced. A constructed entry can always be stored; the chain's hash covers exactly what is stored.
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
    /** Column bounds of the store ({@code audit_record}), in characters. */
    static final int CONSUMER_LENGTH = 64;

    static final int PURPOSE_LENGTH = 64;
    static final int REFERENCE_LENGTH = 128;
    static final int OPERATION_LENGTH = 100_000;
    static final int FIELDS_LENGTH = 20_000;
    static final int CODES_LENGTH = 2_000;
    static final int ROWS_LENGTH = 2_000;
    private static final int DIGEST_LENGTH = 64;

    /** ALLOWED when the operation ran (possibly with partial errors such as an unavailable source), else DENIED. */
    public enum Outcome {
        ALLOWED,
        DENIED
    }

    public AuditEntry {
        requireNonNull(at, "at is null");
        consumer = bounded(requireNonNull(consumer, "consumer is null"), CONSUMER_LENGTH);
        purpose = purpose == null ? null : bounded(purpose, PURPOSE_LENGTH);
        caseId = caseId == null ? null : bounded(caseId, REFERENCE_LENGTH);
        operatorId = operatorId == null ? null : bounded(operatorId, REFERENCE_LENGTH);
        operation = bounded(requireNonNull(operation, "operation is null"), OPERATION_LENGTH);
        operationHash = bounded(requireNonNull(operationHash, "operationHash is null"), DIGEST_LENGTH);
        fields = fitting(fields, FIELDS_LENGTH);
        subjects = subjects.stream()
                .map(subject -> bounded(subject, DIGEST_LENGTH))
                .sorted()
                .distinct()
                .toList();
        sourceRows = java.util.Collections.unmodifiableSortedMap(fittingRows(sourceRows));
        requireNonNull(outcome, "outcome is null");
        codes = fitting(codes, CODES_LENGTH);
    }

    /**
     * This record with only what is sure to be storable: when, who (consumer), the operation's hash, the subjects, the
     * outcome, codes and latency. What the store refused to take (purpose, case, operator, shape, fields, rows) is
     * left out. Written instead of a record the store refuses, so the request is still on the record.
     */
    public AuditEntry minimal() {
        return new AuditEntry(
                at,
                consumer,
                null,
                null,
                null,
                "(not stored: the audit store refused the full record)",
                operationHash,
                List.of(),
                subjects,
                new TreeMap<>(),
                outcome,
                codes,
                latencyMicros);
    }

    /** {@code value} with NUL and unpaired surrogates replaced, cut to {@code maximum} characters if longer. */
    static String bounded(String value, int maximum) {
        String clean = storable(value);
        if (clean.codePointCount(0, clean.length()) <= maximum) {
            return clean;
        }
        String digest = "…#" + sha256(value).substring(0, 16);
        int keep = clean.offsetByCodePoints(0, maximum - digest.length());
        return clean.substring(0, keep) + digest;
    }

    private static String storable(String value) {
        StringBuilder clean = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                            && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
            boolean bad = c == '\u0000' || Character.isSurrogate(c) && !paired;
            if (bad && clean == null) {
                clean = new StringBuilder(value.length()).append(value, 0, i);
            }
            if (clean != null) {
                clean.append(bad ? '\uFFFD' : c);
            }
        }
        return clean == null ? value : clean.toString();
    }

    /** The values in order while their comma-joined text fits {@code maximum}, each value storable. */
    private static List<String> fitting(List<String> values, int maximum) {
        List<String> kept = new ArrayList<>(values.size());
        int length = 0;
        for (String value : values) {
            String clean = bounded(value, maximum);
            int added = (kept.isEmpty() ? 0 : 1) + clean.length();
            if (length + added > maximum) {
                break;
            }
            kept.add(clean);
            length += added;
        }
        return List.copyOf(kept);
    }

    private static TreeMap<String, Long> fittingRows(Map<String, Long> rows) {
        TreeMap<String, Long> kept = new TreeMap<>();
        int length = 0;
        for (Map.Entry<String, Long> row : new TreeMap<>(rows).entrySet()) {
            String source = bounded(row.getKey(), 64);
            int added = (kept.isEmpty() ? 0 : 1)
                    + source.length()
                    + 1
                    + String.valueOf(row.getValue()).length();
            if (length + added > ROWS_LENGTH) {
                break;
            }
            kept.put(source, row.getValue());
            length += added;
        }
        return kept;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
