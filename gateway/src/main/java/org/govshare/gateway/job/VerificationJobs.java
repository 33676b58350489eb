package org.govshare.gateway.job;

import java.io.InputStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.govshare.gateway.access.Caller;
import org.govshare.gateway.access.PolicyService;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.error.QuotaExceededException;
import org.govshare.gateway.read.Arguments;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.verification.ClaimTree;
import org.govshare.gateway.verification.Verifier;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.policy.evaluation.Decision;
import org.govshare.policy.evaluation.PolicyDecider;
import org.govshare.policy.evaluation.Refused;
import org.govshare.policy.model.BatchUse;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogType;
import org.jspecify.annotations.Nullable;

/**
 * The consumer's side of verification jobs: submission (decided on the whole job before anything runs, like an
 * operation: every claim must be granted VERIFY for the purpose, every grant behind it must allow batch use, and the
 * job's subjects must fit the grants' limits per job and per day, or it is refused whole), progress, cancellation,
 * results and their deletion. A job is visible only to the consumer that submitted it, under the purpose it was
 * submitted for; another's job is "no such job".
 */
public final class VerificationJobs {
    /**
     * A job's progress: subjects checked and pending, and per source its statements go to (the verified type's
     * first, then the source of each related record its shared claims are about).
     */
    public record Progress(Job job, List<SourceProgress> sources, int pending) {
        public Progress {
            sources = List.copyOf(sources);
        }
    }

    /**
     * How far a job is at one of its sources. A batch is kept only once every statement of it was answered, so each
     * source is as far as the job ({@code done}: its subjects checked there, or found to need no check there, having
     * no record of the verified type); {@code waiting} is why the pending subjects wait, on the source they wait for.
     */
    public record SourceProgress(
            String source,
            int total,
            int done,
            int pending,
            @Nullable String waiting) {}

    /** An upload's reading is paced every so many subjects. */
    private static final int PACED = 1_000;

    private final JobStore store;
    private final LiveCatalog live;
    private final PolicyService policy;
    private final DailyWindow window;
    private final JobAudit audit;
    private final Clock clock;
    /** Subjects a second one upload is read at, at most (0: as fast as they come). */
    private final Pace uploadPace;
    /** An upload waits for its pace every so many subjects: a hundredth of a second's, at most {@link #PACED}. */
    private final int paceEvery;
    /** Told of each job submitted here, once it is stored (the runner, which then starts on it at once). */
    private final List<Runnable> submitted = new CopyOnWriteArrayList<>();

    VerificationJobs(
            JobStore store,
            LiveCatalog live,
            PolicyService policy,
            DailyWindow window,
            JobAudit audit,
            Clock clock,
            int uploadRate) {
        this.store = store;
        this.live = live;
        this.policy = policy;
        this.window = window;
        this.audit = audit;
        this.clock = clock;
        this.uploadPace = Pace.of("govshare.jobs.upload-rate", uploadRate);
        this.paceEvery = Math.max(1, Math.min(PACED, uploadRate / 100));
    }

    /**
     * Reads the upload, checks it and stores the job; refused whole (and audited as refused) when a claim is not
     * granted, batch use is not allowed, or the subjects do not fit the limits. Returns the running job.
     */
    public Job submit(
            Caller caller,
            String typeName,
            @Nullable String sharedClaims,
            InputStream body,
            SubjectUpload.Format format) {
        String purpose = requirePurpose(caller);
        try {
            return submit(caller, purpose, typeName, sharedClaims, body, format);
        } catch (GovshareException e) {
            audit.refused(caller.consumer(), purpose, caller.caseId(), caller.operatorId(), typeName, e.code());
            throw e;
        }
    }

    /**
     * Waits, every {@link #paceEvery} subjects, until {@code read} subjects are due at the upload rate since
     * {@code started}: the consumer's sending slows down with the reading (TCP), and the upload leaves the cores to
     * online requests meanwhile.
     */
    private void pace(int read, long started) {
        if (read % paceEvery == 0) {
            uploadPace.await(read, started);
        }
    }

    private Job submit(
            Caller caller,
            String purpose,
            String typeName,
            @Nullable String sharedClaims,
            InputStream body,
            SubjectUpload.Format format) {
        Catalog catalog = live.catalog();
        JobClaims.Target target = JobClaims.target(catalog, typeName);
        ClaimTree shared = sharedClaims == null ? null : JobClaims.parse(catalog, target.type(), sharedClaims);
        SubjectUpload upload = new SubjectUpload(body, format, target.key().name());
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        BatchUse limits = null;
        Allowed allowed = null;
        long room = 0;
        List<String> claimPaths = null;
        long reading = System.nanoTime();
        try (JobStore.Upload subjects = store.upload(id, provisional(id, caller, purpose, typeName, now))) {
            while (upload.hasNext()) {
                pace(subjects.count(), reading);
                SubjectUpload.Line line = upload.next();
                if (line.claims() != null && shared != null) {
                    throw JobClaims.invalid("line " + line.number() + ": claims are shared by the job or given per"
                            + " subject, not both");
                }
                if (line.claims() == null && shared == null) {
                    throw JobClaims.invalid(
                            "line " + line.number() + ": no claims (give claims for the job or for each subject)");
                }
                ClaimTree claims = shared != null ? shared : JobClaims.parseEach(catalog, target.type(), line.claims());
                List<String> paths =
                        claims.claims().stream().map(ClaimTree.Checked::path).toList();
                if (allowed == null || limits == null) {
                    allowed = decide(caller.consumer(), purpose, target, claims);
                    limits = batchUse(allowed);
                    room = Math.min(
                            limits.maximumSubjectsPerJob(),
                            limits.maximumSubjectsPerDay() - store.subjectsSince(caller.consumer(), purpose, today()));
                    claimPaths = paths;
                    Verifier.admitBoundClaims(claims, allowed);
                } else if (!paths.equals(claimPaths)) {
                    throw JobClaims.invalid("line " + line.number() + ": every subject must claim the same claims");
                } else if (shared == null) {
                    // The same claims (paths and comparisons) as the first subject's: the same decision.
                    Verifier.admitBoundClaims(claims, allowed);
                }
                if (subjects.count() >= room) {
                    throw new QuotaExceededException(
                            QuotaExceededException.Kind.SUBJECTS,
                            "the job's subjects do not fit the grant's batch limits (per job: "
                                    + limits.maximumSubjectsPerJob() + ", per day: " + limits.maximumSubjectsPerDay()
                                    + "); nothing was submitted",
                            window.secondsUntilTomorrow());
                }
                Object key = Arguments.value(
                        target.key(),
                        "line " + line.number() + ": " + target.key().name(),
                        line.key());
                subjects.add(
                        String.valueOf(key),
                        line.claims() == null ? null : JobClaims.JSON.writeValueAsString(line.claims()));
            }
            if (limits == null) {
                throw JobClaims.invalid("the upload holds no subject");
            }
            if (!subjects.fits(caller.consumer(), purpose, today(), limits.maximumSubjectsPerDay())) {
                // Another submission of the consumer was counted while this one was read.
                throw new QuotaExceededException(
                        QuotaExceededException.Kind.SUBJECTS,
                        "the job's subjects do not fit the grant's batch limit per day ("
                                + limits.maximumSubjectsPerDay() + "); nothing was submitted",
                        window.secondsUntilTomorrow());
            }
            Job job = new Job(
                    id,
                    caller.consumer(),
                    purpose,
                    caller.caseId(),
                    caller.operatorId(),
                    typeName,
                    shared == null
                            ? ""
                            : JobClaims.JSON.writeValueAsString(JobClaims.JSON.readValue(sharedClaims, Map.class)),
                    shared == null,
                    Job.State.RUNNING,
                    subjects.count(),
                    0,
                    null,
                    now,
                    null,
                    now.plus(limits.resultRetention()));
            // On the record before it exists: a job that nobody could account for never runs.
            audit.event(job, "submitted (" + job.total() + " subjects)", null);
            subjects.commit(job, sourcesOf(target.type(), shared));
            submitted.forEach(Runnable::run);
            return job;
        } catch (SQLException e) {
            throw new GovshareException(ErrorCode.SOURCE_UNAVAILABLE, "the control plane is unavailable; try again");
        }
    }

    /** Runs {@code listener} after each job submitted here is stored. */
    void onSubmitted(Runnable listener) {
        submitted.add(listener);
    }

    /** No longer runs {@code listener} (given to {@link #onSubmitted}). */
    void ignoreSubmissions(Runnable listener) {
        submitted.remove(listener);
    }

    private static Job provisional(String id, Caller caller, String purpose, String typeName, Instant now) {
        return new Job(
                id,
                caller.consumer(),
                purpose,
                caller.caseId(),
                caller.operatorId(),
                typeName,
                "",
                false,
                Job.State.RUNNING,
                0,
                0,
                null,
                now,
                null,
                now);
    }

    /** The decision for the job's claims under the current policy, or the refusal as the contract's error. */
    Allowed decide(String consumer, String purpose, JobClaims.Target target, ClaimTree claims) {
        PolicySnapshot snapshot = policy.current();
        Decision decision =
                PolicyDecider.decide(snapshot, consumer, purpose, JobClaims.uses(target, claims), clock.instant());
        if (decision instanceof Refused refused) {
            throw switch (refused.reason()) {
                case PURPOSE_REQUIRED -> new GovshareException(ErrorCode.PURPOSE_REQUIRED, "X-Purpose is required");
                case PURPOSE_NOT_GRANTED ->
                    new GovshareException(ErrorCode.PURPOSE_NOT_GRANTED, "No active grant for this purpose");
                case FORBIDDEN_FIELD ->
                    new GovshareException(
                            ErrorCode.FORBIDDEN_FIELD, "A claim of the job is not granted for this purpose");
            };
        }
        return (Allowed) decision;
    }

    /** The strictest batch use of the grants behind the decision; refused when one of them allows none. */
    BatchUse batchUse(Allowed allowed) {
        List<Grant> grants = new ArrayList<>();
        for (Grant grant : policy.current().grantsOf(allowed.consumer())) {
            if (allowed.grantIds().contains(grant.id())) {
                grants.add(grant);
            }
        }
        BatchUse strictest = null;
        for (Grant grant : grants) {
            BatchUse use = grant.batchUse();
            if (!use.allowed()) {
                throw new GovshareException(
                        ErrorCode.FORBIDDEN_FIELD, "The grant for this purpose does not allow verification jobs");
            }
            strictest = strictest == null
                    ? use
                    : new BatchUse(
                            Math.min(strictest.maximumSubjectsPerJob(), use.maximumSubjectsPerJob()),
                            Math.max(
                                    Math.min(strictest.maximumSubjectsPerDay(), use.maximumSubjectsPerDay()),
                                    Math.min(strictest.maximumSubjectsPerJob(), use.maximumSubjectsPerJob())),
                            min(strictest.resultRetention(), use.resultRetention()));
        }
        if (strictest == null) {
            throw new GovshareException(
                    ErrorCode.FORBIDDEN_FIELD, "The grant for this purpose does not allow verification jobs");
        }
        return strictest;
    }

    private static Duration min(Duration left, Duration right) {
        return left.compareTo(right) <= 0 ? left : right;
    }

    /** The start of the day the per-day limits count in. */
    private Instant today() {
        return clock.instant().plusSeconds(window.secondsUntilTomorrow()).minus(Duration.ofDays(1));
    }

    /** The caller's job, or {@code INVALID_ARGUMENT} "no such job" (another's job is not there for it). */
    public Job job(Caller caller, String id) {
        String purpose = requirePurpose(caller);
        try {
            Optional<Job> job = store.job(id);
            if (job.isEmpty()
                    || !job.get().consumer().equals(caller.consumer())
                    || !job.get().purpose().equals(purpose)) {
                throw new NoSuchJobException();
            }
            return job.get();
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    public Progress progress(Caller caller, String id) {
        return progress(job(caller, id));
    }

    /** The progress of {@code job} (the caller's), per source. */
    Progress progress(Job job) {
        try {
            return progress(job, store.sources(List.of(job.id())).get(job.id()), live.catalog());
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    /**
     * The progress of {@code job} at each of its sources ({@code stored}, or when the job was submitted before its
     * sources were stored, its type's source in {@code catalog}, none when the catalog has the type no more).
     */
    public static Progress progress(Job job, JobStore.@Nullable Sources stored, Catalog catalog) {
        int pending = job.state() == Job.State.RUNNING ? job.total() - job.done() : 0;
        List<String> sources = stored != null
                ? stored.sources()
                : catalog.type(job.type()).map(type -> List.of(type.source())).orElse(List.of());
        // The reason names the source it waits for; one given without a source (a stopped job's) is the job's own.
        String waitingFor = stored == null || stored.waiting() == null
                ? (sources.isEmpty() ? null : sources.get(0))
                : stored.waiting();
        List<SourceProgress> each = new ArrayList<>();
        for (String source : sources) {
            each.add(new SourceProgress(
                    source, job.total(), job.done(), pending, source.equals(waitingFor) ? job.pendingReason() : null));
        }
        return new Progress(job, each, pending);
    }

    /**
     * The sources a job's statements go to: {@code type}'s, then the source of each related record {@code shared}
     * claims are about (each once).
     */
    static List<String> sourcesOf(CatalogType type, @Nullable ClaimTree shared) {
        Set<String> sources = new LinkedHashSet<>();
        sources.add(type.source());
        if (shared != null) {
            shared.related()
                    .forEach(related -> sources.add(related.tree().type().source()));
        }
        return List.copyOf(sources);
    }

    public List<Job> jobs(Caller caller) {
        String purpose = requirePurpose(caller);
        try {
            return store.jobsOf(caller.consumer(), purpose, 100);
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    /** Stops a running job; its outcomes so far stay until its retention ends. Audited. */
    public Job cancel(Caller caller, String id) {
        Job job = job(caller, id);
        try {
            if (job.state() == Job.State.RUNNING) {
                Instant now = clock.instant();
                audit.event(job, "cancelled", null);
                store.stop(id, Job.State.CANCELLED, null, now, now.plus(retentionOf(job)));
            }
            return job(caller, id);
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    /** A page of outcomes from position {@code after + 1} on; audited as a download. */
    public List<JobSubject> results(Caller caller, String id, int from, int first) {
        Job job = job(caller, id);
        if (job.state() == Job.State.EXPIRED) {
            throw JobClaims.invalid("the job's results have expired and are deleted");
        }
        audit.event(job, "results downloaded from " + from, null);
        try {
            return store.subjects(id, from, Math.min(first, Math.max(0, job.done() - from))).stream()
                    .filter(subject -> subject.outcome() != null)
                    .toList();
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    /** Streams every outcome so far, page by page (one audit record for the whole download). */
    public void stream(Caller caller, String id, ResultSink sink) {
        Job job = job(caller, id);
        if (job.state() == Job.State.EXPIRED) {
            throw JobClaims.invalid("the job's results have expired and are deleted");
        }
        audit.event(job, "results downloaded", null);
        try {
            int from = 0;
            while (from < job.done()) {
                List<JobSubject> page = store.subjects(id, from, Math.min(10_000, job.done() - from));
                if (page.isEmpty()) {
                    break;
                }
                for (JobSubject subject : page) {
                    sink.accept(subject);
                }
                from = page.get(page.size() - 1).position() + 1;
            }
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    /** Receives streamed outcomes. */
    @FunctionalInterface
    public interface ResultSink {
        void accept(JobSubject subject);
    }

    /** Deletes a finished job's results now (a running one is cancelled first). Audited. */
    public Job delete(Caller caller, String id) {
        Job job = job(caller, id);
        try {
            if (job.state() == Job.State.RUNNING) {
                Instant now = clock.instant();
                store.stop(id, Job.State.CANCELLED, null, now, now);
            }
            audit.event(job, "results deleted by the consumer", null);
            store.deleteResults(id);
            return job(caller, id);
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    /** Deletes the results of jobs past their retention; each deletion is audited. */
    void deleteExpired() throws SQLException {
        for (Job job : store.expired(clock.instant(), 100)) {
            audit.event(job, "results deleted after their retention", null);
            store.deleteResults(job.id());
        }
    }

    private Duration retentionOf(Job job) {
        return Duration.between(job.submittedAt(), job.expiresAt());
    }

    private static String requirePurpose(Caller caller) {
        if (caller.problem() != null) {
            throw JobClaims.invalid(caller.problem());
        }
        if (caller.purpose() == null) {
            throw new GovshareException(ErrorCode.PURPOSE_REQUIRED, "X-Purpose is required");
        }
        return caller.purpose();
    }

    private static GovshareException unavailable() {
        return new GovshareException(ErrorCode.SOURCE_UNAVAILABLE, "the control plane is unavailable; try again");
    }

    /** Not the caller's job (or none at all): the same answer either way. */
    static final class NoSuchJobException extends GovshareException {
        private static final long serialVersionUID = 1L;

        NoSuchJobException() {
            super(ErrorCode.INVALID_ARGUMENT, "No such job");
        }
    }
}
