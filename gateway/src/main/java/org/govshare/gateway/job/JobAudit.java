package org.govshare.gateway.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.govshare.gateway.audit.AuditEntry;
import org.govshare.gateway.audit.AuditLog;
import org.govshare.gateway.audit.AuditUnavailableException;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.subject.Subject;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.schema.catalog.CatalogType;
import org.jspecify.annotations.Nullable;

/**
 * Puts a job on the audit trail: its submission (or refusal), cancellation, result downloads and deletion, and one
 * hash-chained record per checked batch that lists the batch's subjects, so that each subject's {@code accessLog}
 * shows the job ({@code codes} holds {@code JOB:<id>}), its consumer, purpose, case and operator. Every record is
 * durable before what it records goes on: a batch's outcomes are kept, an answer leaves.
 */
final class JobAudit {
    private final AuditLog log;
    private final SubjectDigests digests;
    private final Clock clock;
    /**
     * Makes the batches' records (a keyed digest per subject, the record sorted and hashed), one batch after another in
     * the order they came, beside the job's worker: its next batch is read and checked meanwhile. One thread at most,
     * gone when idle.
     */
    private final ExecutorService recording =
            new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "verification-job-audit");
                thread.setDaemon(true);
                return thread;
            });

    JobAudit(AuditLog log, SubjectDigests digests, Clock clock) {
        this.log = log;
        this.digests = digests;
        this.clock = clock;
    }

    /** An event of the job as a whole (no subject): submitted, cancelled, results downloaded or deleted. */
    void event(Job job, String what, @Nullable ErrorCode refusal) {
        List<String> codes = new ArrayList<>();
        codes.add(JobCodes.of(job.id()));
        if (refusal != null) {
            codes.add(refusal.name());
        }
        await(entry(
                job,
                "job " + what + ": verify " + job.type(),
                List.of(),
                List.of(),
                codes,
                refusal == null,
                0,
                new TreeMap<>()));
    }

    /** A refused submission, which has no job: who asked, and the code it was refused with. */
    void refused(
            String consumer,
            @Nullable String purpose,
            @Nullable String caseId,
            @Nullable String operatorId,
            String type,
            ErrorCode code) {
        String operation = "job submission refused: verify " + type;
        await(new AuditEntry(
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                consumer,
                purpose,
                caseId,
                operatorId,
                operation,
                sha256(operation),
                List.of(),
                List.of(),
                new TreeMap<>(),
                AuditEntry.Outcome.DENIED,
                List.of(code.name()),
                0));
    }

    /**
     * One checked batch: the fields verified, every subject of the batch, and per source the keys sent to it (the
     * verified type's source, and the source of each related record the claims are about). Returns at once (the record
     * is made on a thread of its own, and a job's records go to the trail in the order of their batches); the batch's
     * outcomes may be kept only once the returned future completed (the record is durable then), and not when it
     * failed ({@link GovshareException} {@code SOURCE_UNAVAILABLE} when the trail is unavailable).
     */
    CompletableFuture<Void> batch(
            Job job,
            CatalogType type,
            List<String> fields,
            List<JobSubject> subjects,
            Map<String, Long> sent,
            long latencyMicros) {
        TreeMap<String, Long> sourceRows = new TreeMap<>(sent);
        // The executor is never shut down and its queue is unbounded: it takes every task.
        CompletableFuture<AuditEntry> made = CompletableFuture.supplyAsync(
                () -> batchEntry(job, type, fields, subjects, sourceRows, latencyMicros), recording);
        // Bulk: written after the records of online requests waiting then, so that they never wait behind it.
        return made.thenCompose(log::appendBulk).handle((sequence, failure) -> {
            if (failure == null) {
                return null;
            }
            throw unavailable(failure);
        });
    }

    private AuditEntry batchEntry(
            Job job,
            CatalogType type,
            List<String> fields,
            List<JobSubject> subjects,
            TreeMap<String, Long> sourceRows,
            long latencyMicros) {
        List<String> subjectDigests = new ArrayList<>(subjects.size());
        for (JobSubject subject : subjects) {
            subjectDigests.add(digests.digest(Subject.of(type, List.of(subject.key()))));
        }
        return entry(
                job,
                "job batch: verify " + job.type() + " subjects "
                        + subjects.get(0).position() + "-"
                        + subjects.get(subjects.size() - 1).position(),
                fields,
                subjectDigests,
                List.of(JobCodes.of(job.id())),
                true,
                latencyMicros,
                sourceRows);
    }

    /** Waits for a batch's record: durable when this returns. */
    static void await(CompletableFuture<Void> written) {
        try {
            written.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    private AuditEntry entry(
            Job job,
            String operation,
            List<String> fields,
            List<String> subjects,
            List<String> codes,
            boolean allowed,
            long latencyMicros,
            TreeMap<String, Long> rows) {
        return new AuditEntry(
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                job.consumer(),
                job.purpose(),
                job.caseId(),
                job.operatorId(),
                operation,
                sha256(operation.replaceAll("[0-9]+-[0-9]+$", "")),
                fields,
                subjects,
                rows,
                allowed ? AuditEntry.Outcome.ALLOWED : AuditEntry.Outcome.DENIED,
                codes,
                latencyMicros);
    }

    private void await(AuditEntry entry) {
        try {
            log.append(entry).join();
        } catch (CompletionException e) {
            throw unavailable(e.getCause());
        }
    }

    /** The trail refused or could not write a record: unavailable (the caller waits), or what went wrong. */
    private static RuntimeException unavailable(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof AuditUnavailableException) {
            return new GovshareException(
                    ErrorCode.SOURCE_UNAVAILABLE, "the audit trail is unavailable; try again later");
        }
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
