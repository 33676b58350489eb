package org.govshare.gateway.job;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.govshare.connector.plan.SetClaimCheckCompiler;
import org.govshare.connector.source.Source;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.connector.source.SourceUnavailableException;
import org.govshare.gateway.catalog.CatalogVersion;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.verification.ClaimTree;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.schema.catalog.CatalogType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Works on running jobs, on any instance: takes a job's lease in the control plane, checks its pending subjects a
 * batch at a time in submission order, and writes each batch's outcomes together with the job's new mark (see
 * {@link JobStore#complete}); an instance that stops (or loses its lease) leaves the job where its last batch left it,
 * and another instance, or this one after a restart, goes on from there once the lease has run out.
 *
 * <p>Online traffic keeps priority: a job runs one statement at a time, and only while the bulkhead of every source
 * its batch goes to (its type's, and each related record's) has room for two (so one place is always left for online
 * queries); otherwise it waits for the next round. A source that is unavailable leaves the batch pending with its
 * reason, which names that source, and the job goes on when the source is back. Batch sizes
 * follow the source's query timeout and how busy it is ({@link BatchSizing}); a batch that failed is tried again
 * with half as many keys. Each round re-decides the job under the current policy: a grant withdrawn meanwhile stops
 * the job ({@code REFUSED}).
 */
public final class JobRunner implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    /** How one turn on a job ended. */
    enum Turn {
        /** Every subject is checked, or the job stopped. */
        FINISHED,
        /** The job yielded: its source is busy or unavailable; the next round takes it up again. */
        YIELDED,
        /** The turn's slice of time (or of batches) is up: the job can go on at once (the next round starts now). */
        SLICE_UP,
        /** Another instance holds the job. */
        NOT_HELD
    }

    private final JobStore store;
    private final VerificationJobs jobs;
    private final BatchChecker checker;
    private final JobAudit audit;
    private final LiveCatalog live;
    private final SourceRegistry sources;
    private final JobProperties properties;
    private final Clock clock;
    private final String owner = "instance-" + UUID.randomUUID();
    private final Set<String> working = ConcurrentHashMap.newKeySet();
    private final BatchSizing sizing;
    /** Subjects a second one job is checked at, at most ({@code govshare.jobs.processing-rate}). */
    private final Pace processingPace;

    private volatile @Nullable Compilers compilers;
    private volatile @Nullable ScheduledExecutorService rounds;
    private @Nullable ExecutorService workers;
    /** Write the checked batches (audit record, outcomes) while the next batch is checked; one per job under way. */
    private final ExecutorService writers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "verification-job-writer");
        thread.setDaemon(true);
        return thread;
    });

    private volatile boolean running;
    /** Whether a round is queued to run at once (a job was submitted, or a turn ended with work left or done). */
    private final AtomicBoolean roundQueued = new AtomicBoolean();

    private final Runnable wakeOnSubmission = this::wake;

    /** The set statements of one catalog version. */
    private record Compilers(long version, SetClaimCheckCompiler compiler) {}

    JobRunner(
            JobStore store,
            VerificationJobs jobs,
            BatchChecker checker,
            JobAudit audit,
            LiveCatalog live,
            SourceRegistry sources,
            JobProperties properties,
            Clock clock) {
        this.store = store;
        this.jobs = jobs;
        this.checker = checker;
        this.audit = audit;
        this.live = live;
        this.sources = sources;
        this.properties = properties;
        this.clock = clock;
        this.sizing = new BatchSizing(properties.getBatchSize(), properties.getMinimumBatchSize());
        this.processingPace = Pace.of("govshare.jobs.processing-rate", properties.getProcessingRate());
    }

    @Override
    public synchronized void start() {
        running = true;
        if (!properties.isEnabled()) {
            return;
        }
        workers = Executors.newFixedThreadPool(Math.max(1, properties.getWorkers()), runnable -> {
            Thread thread = new Thread(runnable, "verification-job");
            thread.setDaemon(true);
            return thread;
        });
        rounds = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "verification-job-rounds");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.getPollInterval().toMillis();
        rounds.scheduleWithFixedDelay(this::round, interval, interval, TimeUnit.MILLISECONDS);
        jobs.onSubmitted(wakeOnSubmission);
    }

    @Override
    public synchronized void stop() {
        running = false;
        jobs.ignoreSubmissions(wakeOnSubmission);
        if (rounds != null) {
            rounds.shutdownNow();
        }
        if (workers != null) {
            workers.shutdownNow();
            try {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writers.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One round: deletes expired results, and hands runnable jobs not yet worked on here to the workers. */
    private void round() {
        try {
            jobs.deleteExpired();
            ExecutorService pool = workers;
            if (pool == null) {
                return;
            }
            for (String id : store.runnable(owner, clock.instant(), Math.max(1, properties.getWorkers()) * 4)) {
                if (working.size() < properties.getWorkers() && working.add(id)) {
                    pool.execute(() -> {
                        Turn turn = Turn.YIELDED;
                        try {
                            turn = work(id, Duration.ofSeconds(10), Integer.MAX_VALUE);
                        } finally {
                            working.remove(id);
                        }
                        if (turn == Turn.SLICE_UP || turn == Turn.FINISHED) {
                            // A worker is free and the job (or the next one) can go on: not a poll interval later.
                            wake();
                        }
                    });
                }
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("verification jobs: round failed; trying again next round", e);
        }
    }

    /**
     * Runs a round at once (on the rounds' thread, after the one under way), unless one is queued already: a job
     * submitted here starts, and a job whose slice is up goes on, without waiting for the poll interval.
     */
    private void wake() {
        ScheduledExecutorService scheduler = rounds;
        if (scheduler == null || !running || !roundQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.execute(() -> {
                roundQueued.set(false);
                round();
            });
        } catch (RejectedExecutionException e) {
            // Stopping: no more rounds.
            roundQueued.set(false);
        }
    }

    /**
     * Works on job {@code id} for at most {@code slice} or {@code maximumBatches} batches; when they are up, gives its
     * lease back (so the next round, on any instance, picks it up).
     *
     * <p>Batches are pipelined: while one batch is admitted by the guessing defences and its audit record and
     * outcomes are written (on a writer thread), the next batch is read, decided and checked at its source. A batch is
     * admitted and kept only after the one before it was kept (its outcomes move the job's mark on from where the
     * previous batch left it), so a batch checked while the previous one turned out not to be kept (the lease or the
     * job was lost) is discarded, never admitted nor written. The turn never ends with a write under way.
     */
    Turn work(String id, Duration slice, int maximumBatches) {
        Instant until = clock.instant().plus(slice);
        BatchTimings timings = new BatchTimings();
        InFlight inFlight = new InFlight();
        try {
            if (!store.lease(id, owner, clock.instant(), clock.instant().plus(properties.getLease()))) {
                return Turn.NOT_HELD;
            }
            long read = System.nanoTime();
            Job job = store.job(id).orElse(null);
            lap(timings, BatchTimings.Phase.JOB_ROW, read);
            if (job == null || job.state() != Job.State.RUNNING) {
                sizing.forget(id);
                return Turn.FINISHED;
            }
            int next = job.done();
            long started = System.nanoTime();
            for (int batch = 0; batch < maximumBatches && clock.instant().isBefore(until); batch++) {
                // At most the processing rate: the subjects checked in this turn so far are due before the next batch.
                processingPace.await(next - job.done(), started);
                Turn turn = batch(job, next, timings, inFlight);
                if (turn != null) {
                    return turn;
                }
                next = inFlight.next;
            }
            if (!inFlight.await(timings)) {
                return Turn.NOT_HELD;
            }
            store.release(id, owner);
            return Turn.SLICE_UP;
        } catch (SQLException e) {
            log.warn("verification job {}: control plane unavailable; the job waits", id, e);
            return Turn.YIELDED;
        } catch (GovshareException e) {
            // The audit trail (or the policy store) is unavailable: nothing was kept, the batch stays pending.
            log.warn("verification job {}: {}; the job waits", id, e.getMessage());
            inFlight.abandon();
            releaseQuietly(id);
            return Turn.YIELDED;
        } finally {
            inFlight.abandon();
            if (timings.batches() > 0) {
                log.info("verification job {}: {}", id, timings);
            }
        }
    }

    /** The batch being written while the next one is checked, and the job's mark once it is kept. */
    private final class InFlight {
        private @Nullable Future<Written> write;
        private int next;

        /**
         * Waits for the batch under way to be written; true when it was kept (or none was under way), false when it
         * was not (the lease or the job was lost). A failure to write it is thrown.
         */
        boolean await(BatchTimings timings) throws SQLException {
            Future<Written> current = write;
            if (current == null) {
                return true;
            }
            write = null;
            long waiting = System.nanoTime();
            Written written;
            try {
                written = current.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                current.cancel(true);
                throw new SQLException("interrupted while a batch was written", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException failure) {
                    throw failure;
                }
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                lap(timings, BatchTimings.Phase.WAIT_FOR_WRITE, waiting);
            }
            timings.add(BatchTimings.Phase.ADMIT, written.admitNanos());
            timings.add(BatchTimings.Phase.AUDIT, written.auditNanos());
            timings.add(BatchTimings.Phase.COMPLETE, written.completeNanos());
            if (written.kept()) {
                timings.batch(written.subjects());
            }
            return written.kept();
        }

        /** Waits for a write still under way when the turn ends in a failure, whatever became of it. */
        void abandon() {
            Future<Written> current = write;
            write = null;
            if (current != null) {
                try {
                    current.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    log.warn("verification job: a batch was not written; its subjects stay pending", e.getCause());
                }
            }
        }
    }

    /** How a batch's write went: whether it was kept, its subjects and how long its three steps took. */
    private record Written(boolean kept, int subjects, long admitNanos, long auditNanos, long completeNanos) {}

    /**
     * Checks the batch of job {@code job} from position {@code next} and hands its write to {@code inFlight} once the
     * batch before it was kept; null when that happened (go on), otherwise how the turn ends.
     */
    private @Nullable Turn batch(Job job, int next, BatchTimings timings, InFlight inFlight) throws SQLException {
        String id = job.id();
        if (next >= job.total()) {
            return finish(id, inFlight, timings);
        }
        long phase = System.nanoTime();
        CatalogVersion version = live.current();
        JobClaims.Target target;
        ClaimTree shared;
        try {
            target = JobClaims.target(version.catalog(), job.type());
            shared = job.perSubject() ? null : JobClaims.parse(version.catalog(), target.type(), job.claims());
        } catch (GovshareException e) {
            return refused(job, e, inFlight, timings);
        }
        CatalogType type = target.type();
        // Online queries first: the job waits while any source its batch goes to (its type's, and each related
        // record's) has fewer than two places free (a source with a single place, while it is in use).
        for (String name : VerificationJobs.sourcesOf(type, shared)) {
            if (busy(sources.source(name))) {
                return inFlight.await(timings) ? Turn.YIELDED : Turn.NOT_HELD;
            }
        }
        Source source = sources.source(type.source());
        int places = source.settings().maximumConcurrentQueries();
        int free = places - source.guard().queriesUnderWay();
        int batchSize = sizing.next(id, type.source(), source.settings().queryTimeout(), places, free);
        // The batch, and in the same round trip whether the job still runs (it may have been cancelled).
        List<JobSubject> pending = store.pendingWhileRunning(id, next, batchSize);
        phase = lap(timings, BatchTimings.Phase.PENDING, phase);
        if (pending.isEmpty()) {
            return finish(id, inFlight, timings);
        }
        ClaimTree claims;
        Allowed allowed;
        try {
            // Each batch is decided under the current policy: a grant withdrawn meanwhile stops the job before
            // another statement reaches the source.
            claims = shared == null
                    ? JobClaims.parse(version.catalog(), type, pending.get(0).claims())
                    : shared;
            allowed = jobs.decide(job.consumer(), job.purpose(), target, claims);
            jobs.batchUse(allowed);
        } catch (GovshareException e) {
            return refused(job, e, inFlight, timings);
        }
        lap(timings, BatchTimings.Phase.POLICY, phase);
        long started = System.nanoTime();
        BatchChecker.Checked checked;
        try {
            checked = checker.check(job, version.catalog(), compiler(version), allowed, pending, batchSize);
            sizing.answered(id, type.source(), checked.sentToSource(), Duration.ofNanos(System.nanoTime() - started));
        } catch (SourceUnavailableException e) {
            if (e.getCause() instanceof SQLException) {
                // The statement failed or timed out at the source: the next try asks it for half as many keys.
                sizing.failed(id, batchSize);
            }
            if (!inFlight.await(timings)) {
                return Turn.NOT_HELD;
            }
            // The source that failed: the verified type's, or a related record's.
            store.pendingReason(id, "source " + e.source() + " unavailable; its subjects are pending", e.source());
            return Turn.YIELDED;
        }
        timings.add(BatchTimings.Phase.STATEMENT, checked.statementNanos());
        List<String> fields = JobClaims.uses(target, claims).stream()
                .map(use -> use.field() + ":" + use.access())
                .sorted()
                .distinct()
                .toList();
        // The batch's record goes to the trail now (the check was made, kept or not), while the batch before it may
        // still be written; its outcomes are kept only once the record is durable.
        CompletableFuture<Void> recorded =
                audit.batch(job, type, fields, pending, checked.sentPerSource(), (System.nanoTime() - started) / 1_000);
        if (!inFlight.await(timings)) {
            return Turn.NOT_HELD;
        }
        inFlight.write = submit(() -> write(job, next, pending, checked, recorded));
        inFlight.next = next + pending.size();
        return null;
    }

    /**
     * Admits a checked batch (books its guesses, withholds the outcomes of subjects without room), then, once its
     * audit record is durable, writes its outcomes with the job's new mark. Runs while the next batch is checked, and
     * after the batch before it was written, so a job's batches are admitted in order. A batch admitted but not kept
     * (the lease or the job was lost) keeps its guesses booked: nothing of it was revealed, so that errs on refusing.
     */
    private Written write(
            Job job,
            int expectedDone,
            List<JobSubject> pending,
            BatchChecker.Checked checked,
            CompletableFuture<Void> recorded)
            throws SQLException {
        BatchChecker.Admitted admitted = checker.admit(checked);
        long auditing = System.nanoTime();
        JobAudit.await(recorded);
        long completing = System.nanoTime();
        Instant now = clock.instant();
        boolean kept = store.complete(
                job.id(),
                owner,
                expectedDone,
                admitted.subjects(),
                now.plus(properties.getLease()),
                now,
                now.plus(retention(job)));
        return new Written(
                kept, pending.size(), admitted.admitNanos(), completing - auditing, System.nanoTime() - completing);
    }

    /** Runs a batch's write on the writer threads (in the caller when they are shut down). */
    private Future<Written> submit(Callable<Written> write) {
        try {
            return writers.submit(write);
        } catch (RejectedExecutionException e) {
            FutureTask<Written> inline = new FutureTask<>(write);
            inline.run();
            return inline;
        }
    }

    /** No subject is pending from here: the job is done (once the batch under way is kept), or no longer runs. */
    private Turn finish(String id, InFlight inFlight, BatchTimings timings) throws SQLException {
        boolean kept = inFlight.await(timings);
        sizing.forget(id);
        return kept ? Turn.FINISHED : Turn.NOT_HELD;
    }

    /** The job's grant no longer allows it: stops it {@code REFUSED} (after the batch under way is written). */
    private Turn refused(Job job, GovshareException e, InFlight inFlight, BatchTimings timings) throws SQLException {
        if (e.code() == ErrorCode.SOURCE_UNAVAILABLE) {
            // The policy store is unavailable: not a refusal; the job waits.
            inFlight.await(timings);
            throw e;
        }
        inFlight.await(timings);
        Instant now = clock.instant();
        audit.event(job, "stopped: its grant no longer allows it", e.code());
        store.stop(job.id(), Job.State.REFUSED, e.getMessage(), now, now.plus(retention(job)));
        sizing.forget(job.id());
        return Turn.FINISHED;
    }

    /** Whether {@code source}'s bulkhead has fewer than two places free (its only place in use, when it has one). */
    private static boolean busy(Source source) {
        int places = source.settings().maximumConcurrentQueries();
        return places - source.guard().queriesUnderWay() < Math.min(2, places);
    }

    /** Adds the time since {@code since} to {@code phase}; now. */
    private static long lap(BatchTimings timings, BatchTimings.Phase phase, long since) {
        long now = System.nanoTime();
        timings.add(phase, now - since);
        return now;
    }

    private SetClaimCheckCompiler compiler(CatalogVersion version) {
        Compilers current = compilers;
        if (current == null || current.version() != version.number()) {
            current = new Compilers(
                    version.number(), new SetClaimCheckCompiler(version.catalog(), version.schemas(), 1_000));
            compilers = current;
        }
        return current.compiler();
    }

    private static Duration retention(Job job) {
        return Duration.between(job.submittedAt(), job.expiresAt());
    }

    private void releaseQuietly(String id) {
        try {
            store.release(id, owner);
        } catch (SQLException e) {
            log.warn("verification job {}: lease not released; it runs out by itself", id, e);
        }
    }
}
