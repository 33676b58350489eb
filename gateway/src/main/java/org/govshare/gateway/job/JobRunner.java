package org.govshare.gateway.job;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * <p>Online traffic keeps priority: a job runs one statement at a time, and only while its source's bulkhead has room
 * for two (so one place is always left for online queries); otherwise it waits for the next round. A source that is
 * unavailable leaves the batch pending with its reason, and the job goes on when the source is back. Batch sizes
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
        /** The job yielded: its source is busy or unavailable, or its slice of time is up. */
        YIELDED,
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
    private volatile @Nullable Compilers compilers;
    private @Nullable ScheduledExecutorService rounds;
    private @Nullable ExecutorService workers;
    private volatile boolean running;

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
    }

    @Override
    public synchronized void stop() {
        running = false;
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
                        try {
                            work(id, Duration.ofSeconds(10), Integer.MAX_VALUE);
                        } finally {
                            working.remove(id);
                        }
                    });
                }
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("verification jobs: round failed; trying again next round", e);
        }
    }

    /**
     * Works on job {@code id} for at most {@code slice} or {@code maximumBatches} batches, then gives its lease back
     * when the job yielded (so the next round, on any instance, picks it up).
     */
    Turn work(String id, Duration slice, int maximumBatches) {
        Instant until = clock.instant().plus(slice);
        BatchTimings timings = new BatchTimings();
        try {
            if (!store.lease(id, owner, clock.instant(), clock.instant().plus(properties.getLease()))) {
                return Turn.NOT_HELD;
            }
            for (int batch = 0; batch < maximumBatches && clock.instant().isBefore(until); batch++) {
                Turn turn = batch(id, timings);
                if (turn == Turn.FINISHED || turn == Turn.NOT_HELD) {
                    return turn;
                }
                if (turn == Turn.YIELDED) {
                    break;
                }
            }
            store.release(id, owner);
            return Turn.YIELDED;
        } catch (SQLException e) {
            log.warn("verification job {}: control plane unavailable; the job waits", id, e);
            return Turn.YIELDED;
        } catch (GovshareException e) {
            // The audit trail (or the policy store) is unavailable: nothing was kept, the batch stays pending.
            log.warn("verification job {}: {}; the job waits", id, e.getMessage());
            releaseQuietly(id);
            return Turn.YIELDED;
        } finally {
            if (timings.batches() > 0) {
                log.info("verification job {}: {}", id, timings);
            }
        }
    }

    /** Checks the next batch; null when it was checked and kept (go on), otherwise how the turn ends. */
    private @Nullable Turn batch(String id, BatchTimings timings) throws SQLException {
        long phase = System.nanoTime();
        Job job = store.job(id).orElse(null);
        phase = lap(timings, BatchTimings.Phase.JOB_ROW, phase);
        if (job == null || job.state() != Job.State.RUNNING) {
            sizing.forget(id);
            return Turn.FINISHED;
        }
        CatalogVersion version = live.current();
        JobClaims.Target target;
        ClaimTree claims;
        Allowed allowed;
        try {
            target = JobClaims.target(version.catalog(), job.type());
            claims = job.perSubject()
                    ? JobClaims.parse(
                            version.catalog(),
                            target.type(),
                            store.pending(id, job.done(), 1).get(0).claims())
                    : JobClaims.parse(version.catalog(), target.type(), job.claims());
            allowed = jobs.decide(job.consumer(), job.purpose(), target, claims);
            jobs.batchUse(allowed);
        } catch (GovshareException e) {
            if (e.code() == ErrorCode.SOURCE_UNAVAILABLE) {
                // The policy store is unavailable: not a refusal; the job waits.
                throw e;
            }
            Instant now = clock.instant();
            audit.event(job, "stopped: its grant no longer allows it", e.code());
            store.stop(id, Job.State.REFUSED, e.getMessage(), now, now.plus(retention(job)));
            sizing.forget(id);
            return Turn.FINISHED;
        }
        phase = lap(timings, BatchTimings.Phase.POLICY, phase);
        CatalogType type = target.type();
        Source source = sources.source(type.source());
        int places = source.settings().maximumConcurrentQueries();
        int free = places - source.guard().queriesUnderWay();
        if (free < Math.min(2, places)) {
            // Online queries first: the job waits while its source has fewer than two places free (a source with a
            // single place, while it is in use).
            return Turn.YIELDED;
        }
        int batchSize = sizing.next(id, type.source(), source.settings().queryTimeout(), places, free);
        List<JobSubject> pending = store.pending(id, job.done(), batchSize);
        lap(timings, BatchTimings.Phase.PENDING, phase);
        if (pending.isEmpty()) {
            sizing.forget(id);
            return Turn.FINISHED;
        }
        long started = System.nanoTime();
        BatchChecker.Checked checked;
        try {
            checked = checker.check(job, version.catalog(), compiler(version), allowed, pending, batchSize);
            sizing.answered(id, type.source(), checked.sentToSource(), Duration.ofNanos(System.nanoTime() - started));
            timings.add(BatchTimings.Phase.RESERVE, checked.reserveNanos());
            timings.add(BatchTimings.Phase.STATEMENT, checked.statementNanos());
        } catch (SourceUnavailableException e) {
            if (e.getCause() instanceof SQLException) {
                // The statement failed or timed out at the source: the next try asks it for half as many keys.
                sizing.failed(id, batchSize);
            }
            store.pendingReason(id, "source " + type.source() + " unavailable; its subjects are pending");
            return Turn.YIELDED;
        }
        try {
            List<String> fields = JobClaims.uses(target, claims).stream()
                    .map(use -> use.field() + ":" + use.access())
                    .sorted()
                    .distinct()
                    .toList();
            long auditing = System.nanoTime();
            audit.batch(
                    job,
                    type,
                    fields,
                    pending,
                    type.source(),
                    checked.sentToSource(),
                    (System.nanoTime() - started) / 1_000);
            phase = System.nanoTime();
            timings.add(BatchTimings.Phase.AUDIT, phase - auditing);
            Instant now = clock.instant();
            boolean kept = store.complete(
                    id,
                    owner,
                    job.done(),
                    checked.subjects(),
                    now.plus(properties.getLease()),
                    now,
                    now.plus(retention(job)));
            if (!kept) {
                checked.discard().run();
                return Turn.NOT_HELD;
            }
            checked.keep().run();
            lap(timings, BatchTimings.Phase.COMPLETE, phase);
            timings.batch(pending.size());
        } catch (SQLException | RuntimeException e) {
            checked.discard().run();
            throw e;
        }
        if (job.done() + pending.size() >= job.total()) {
            sizing.forget(id);
            return Turn.FINISHED;
        }
        return null;
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
