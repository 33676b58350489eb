package org.govshare.gateway.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.govshare.gateway.subject.KeyedMacs;
import org.jspecify.annotations.Nullable;

/**
 * The chain that makes the audit trail tamper-evident: each record's hash is a keyed HMAC-SHA256 over its sequence
 * number, its content and the previous record's hash. Editing, deleting or reordering a record breaks the chain at
 * that record; without the key (which the gateway holds, not the database), a broken chain cannot be re-made.
 */
public final class AuditChain {
    /** The hash before the first record. */
    public static final String GENESIS = "0".repeat(64);

    /**
     * One initialised {@code Mac} per thread that hashes (the audit writers, a chain check): {@code Mac.getInstance}
     * and {@code init} per record were most of the writer's CPU; {@code doFinal} leaves the {@code Mac} ready for the
     * next record.
     */
    private final KeyedMacs macs;

    public AuditChain(byte[] key) {
        this.macs = new KeyedMacs(key, "audit chain");
    }

    /** The hash of the record {@code seq} with this content, following {@code previousHash}. */
    public String hash(long seq, String previousHash, AuditEntry entry) {
        return hash(
                seq,
                previousHash,
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

    /** The hash of a stored record, from its columns (subjects sorted). */
    String hash(
            long seq,
            String previousHash,
            Instant at,
            String consumer,
            @Nullable String purpose,
            @Nullable String caseId,
            @Nullable String operatorId,
            String operationHash,
            String operation,
            String fields,
            List<String> subjects,
            String sourceRows,
            String outcome,
            String codes,
            long latencyMicros) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + operation.length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(seq);
            out.writeUTF(previousHash);
            out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, at));
            // Every text is length-prefixed (null apart from empty), so no two contents serialise alike.
            for (String text : new String[] {
                consumer, purpose, caseId, operatorId, operationHash, operation, fields, sourceRows, outcome, codes
            }) {
                writeText(out, text);
            }
            out.writeInt(subjects.size());
            for (String subject : subjects) {
                writeText(out, subject);
            }
            out.writeLong(latencyMicros);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(macs.mac().doFinal(bytes.toByteArray()));
    }

    private static void writeText(DataOutputStream out, @Nullable String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
