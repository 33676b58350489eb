package org.govshare.gateway.job;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.plan.ClaimTest;
import org.govshare.connector.plan.CompiledQuery;
import org.govshare.connector.plan.SetClaimCheckCompiler;
import org.govshare.connector.plan.SetClaimCheckShape;
import org.govshare.gateway.read.RowConditions;
import org.govshare.gateway.subject.Subject;
import org.govshare.gateway.verification.ClaimTree;
import org.govshare.gateway.verification.VerificationGuard;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogType;
import org.jspecify.annotations.Nullable;

/**
 * Checks one batch of a job's subjects at the source: room for each subject's guesses is reserved first (a subject
 * without room is {@code REFUSED} and not sent), then one set statement checks every other subject's claims, under
 * the caller's row filters. Nothing but the keys sent and the claims' outcomes comes back. The guesses made (each
 * mismatched claim, and each range claim no grant binds) are booked per subject when the batch's outcomes are kept.
 */
final class BatchChecker {
    static final String MATCH = "MATCH";
    static final String MISMATCH = "MISMATCH";
    static final String NO_RECORD = "NO_RECORD";
    /** Not checked: the consumer has no room left today for guesses about this subject. */
    static final String REFUSED = "REFUSED";

    /**
     * A batch checked: its subjects with outcomes, how to settle the guesses reserved for it, and the keys sent to
     * each source (the verified type's, then each related record's; {@code sentToSource} is the type's source's).
     */
    record Checked(
            List<JobSubject> subjects,
            Runnable keep,
            Runnable discard,
            int sentToSource,
            Map<String, Long> sentPerSource,
            long reserveNanos,
            long statementNanos) {
        Checked {
            subjects = List.copyOf(subjects);
            sentPerSource = Collections.unmodifiableMap(new TreeMap<>(sentPerSource));
            requireNonNull(keep, "keep is null");
            requireNonNull(discard, "discard is null");
        }
    }

    private final SourceQueryExecutor executor;
    private final VerificationGuard guard;
    private final int defaultMismatchLimit;

    BatchChecker(SourceQueryExecutor executor, VerificationGuard guard, int defaultMismatchLimit) {
        this.executor = executor;
        this.guard = guard;
        this.defaultMismatchLimit = defaultMismatchLimit;
    }

    /**
     * Checks {@code subjects} of {@code job} with statements for {@code batchSize} keys; a
     * {@link org.govshare.connector.source.SourceUnavailableException} leaves every subject pending (nothing is
     * booked).
     */
    Checked check(
            Job job,
            Catalog catalog,
            SetClaimCheckCompiler compiler,
            Allowed allowed,
            List<JobSubject> subjects,
            int batchSize) {
        JobClaims.Target target = JobClaims.target(catalog, job.type());
        CatalogType type = target.type();
        ClaimTree shared = job.perSubject() ? null : JobClaims.parse(catalog, type, job.claims());
        int limit = allowed.quotas().mismatchesPerSubjectPerDay() > 0
                ? allowed.quotas().mismatchesPerSubjectPerDay()
                : defaultMismatchLimit;

        List<ClaimTree> claimsOfEach = new ArrayList<>(subjects.size());
        List<VerificationGuard.Request> requests = new ArrayList<>(subjects.size());
        for (JobSubject subject : subjects) {
            ClaimTree claims = shared != null
                    ? shared
                    : JobClaims.parseEach(catalog, type, requireNonNull(subject.claims(), "claims"));
            claimsOfEach.add(claims);
            requests.add(new VerificationGuard.Request(
                    new VerificationGuard.SubjectGuesses(job.consumer(), Subject.of(type, List.of(subject.key()))),
                    claims.claimCount(),
                    limit));
        }
        // Room for the whole batch in a few scripts on the shared counters, each subject against its own limit.
        long reserving = System.nanoTime();
        VerificationGuard.Reservations reservations = guard.reserveAll(requests);
        long reserveNanos = System.nanoTime() - reserving;
        int[] guesses = new int[subjects.size()];
        List<JobSubject> sent = new ArrayList<>();
        List<ClaimTree> claimsOfSent = new ArrayList<>();
        Map<Integer, Integer> indexOf = new HashMap<>();
        Map<Integer, JobSubject> outcomes = new HashMap<>();
        try {
            for (int index = 0; index < subjects.size(); index++) {
                JobSubject subject = subjects.get(index);
                ClaimTree claims = claimsOfEach.get(index);
                if (!reservations.granted(index)) {
                    outcomes.put(subject.position(), withOutcome(subject, claims, REFUSED, REFUSED));
                    continue;
                }
                indexOf.put(subject.position(), index);
                sent.add(subject);
                claimsOfSent.add(claims);
            }
            long running = System.nanoTime();
            Map<String, int[]> found = sent.isEmpty()
                    ? Map.of()
                    : run(job, type, target, compiler, allowed, sent, claimsOfSent, batchSize);
            long statementNanos = System.nanoTime() - running;
            // What went to which source: the sent subjects' keys to the type's, the keys with a record to each
            // related record's (see RelatedRecordChecks).
            Map<String, Long> sentPerSource = new TreeMap<>();
            sentPerSource.put(type.source(), (long) sent.size());
            if (!sent.isEmpty() && !found.isEmpty()) {
                for (ClaimTree.Related related : claimsOfSent.get(0).related()) {
                    sentPerSource.merge(related.tree().type().source(), (long) found.size(), Long::sum);
                }
            }
            for (int i = 0; i < sent.size(); i++) {
                JobSubject subject = sent.get(i);
                ClaimTree claims = claimsOfSent.get(i);
                int[] bits = found.get(subject.key());
                if (bits == null) {
                    outcomes.put(subject.position(), withOutcome(subject, claims, NO_RECORD, NO_RECORD));
                    continue;
                }
                List<String> each = new ArrayList<>();
                boolean all = true;
                int counted = 0;
                List<JobClaims.Claim> every = JobClaims.claims(claims);
                for (int c = 0; c < every.size(); c++) {
                    JobClaims.Claim claim = every.get(c);
                    boolean match = bits[c] == 1;
                    all &= match;
                    if (!match || JobClaims.isFreeRangeClaim(claim.type(), claim.checked(), allowed)) {
                        counted++;
                    }
                    each.add(claim.checked().path() + "=" + (match ? MATCH : MISMATCH));
                }
                guesses[indexOf.get(subject.position())] = counted;
                outcomes.put(
                        subject.position(),
                        new JobSubject(
                                subject.position(),
                                subject.key(),
                                subject.claims(),
                                all ? MATCH : MISMATCH,
                                String.join(",", each)));
            }
            List<JobSubject> ordered = new ArrayList<>();
            subjects.forEach(subject -> ordered.add(outcomes.get(subject.position())));
            return new Checked(
                    ordered,
                    () -> reservations.settle(guesses),
                    () -> reservations.settle(new int[subjects.size()]),
                    sent.size(),
                    sentPerSource,
                    reserveNanos,
                    statementNanos);
        } catch (RuntimeException e) {
            // Nothing came back, so nothing was learnt: every reservation is freed.
            reservations.settle(new int[subjects.size()]);
            throw e;
        }
    }

    /** Runs the set statements over the sent subjects; the claims' bits per key found. */
    private Map<String, int[]> run(
            Job job,
            CatalogType type,
            JobClaims.Target target,
            SetClaimCheckCompiler compiler,
            Allowed allowed,
            List<JobSubject> sent,
            List<ClaimTree> claims,
            int batchSize) {
        RowConditions conditions = RowConditions.of(allowed.rowFilters(type.name()));
        List<ClaimTest> tests =
                claims.get(0).claims().stream().map(ClaimTree.Checked::test).toList();
        Map<String, int[]> found = new HashMap<>();
        for (int from = 0; from < sent.size(); from += batchSize) {
            List<JobSubject> chunk = sent.subList(from, Math.min(sent.size(), from + batchSize));
            List<ClaimTree> chunkClaims = claims.subList(from, from + chunk.size());
            // A short chunk takes a statement for fewer keys (a power of two), so few shapes are ever compiled.
            int size = Math.min(batchSize, Integer.highestOneBit(Math.max(1, chunk.size() - 1)) << 1);
            SetClaimCheckShape shape = new SetClaimCheckShape(
                    type.name(), target.key().name(), size, tests, job.perSubject(), conditions.conditions());
            CompiledQuery query = compiler.plan(shape);
            @Nullable Object[] slots = new Object[shape.slotCount()];
            for (int k = 0; k < size; k++) {
                int index = Math.min(k, chunk.size() - 1);
                slots[k] = chunk.get(index).key();
                for (int c = 0; c < tests.size(); c++) {
                    if (job.perSubject() || k == 0) {
                        slots[shape.claimSlot(c, k)] =
                                chunkClaims.get(index).claims().get(c).value();
                    }
                }
            }
            int slot = shape.firstConditionSlot();
            for (Object value : conditions.values()) {
                slots[slot++] = value;
            }
            for (@Nullable Object[] row : executor.execute(query, slots)) {
                int[] bits = new int[tests.size()];
                for (int c = 0; c < bits.length; c++) {
                    bits[c] = ((Number) requireNonNull(row[c + 1])).intValue();
                }
                found.put(String.valueOf(row[0]), bits);
            }
        }
        ClaimTree shared = claims.get(0);
        if (!shared.related().isEmpty() && !found.isEmpty()) {
            // Claims about related records: one more set statement per related record type, at its own source, for
            // the subjects that have a record; their outcomes follow the subject's own.
            Map<String, int[]> related = RelatedRecordChecks.check(
                    executor, compiler, allowed, shared, List.copyOf(found.keySet()), batchSize);
            found.replaceAll((key, own) -> {
                int[] more = requireNonNull(related.get(key), "related outcomes");
                int[] both = java.util.Arrays.copyOf(own, own.length + more.length);
                System.arraycopy(more, 0, both, own.length, more.length);
                return both;
            });
        }
        return found;
    }

    private static JobSubject withOutcome(JobSubject subject, ClaimTree claims, String outcome, String each) {
        List<String> parts = new ArrayList<>();
        JobClaims.claims(claims).forEach(claim -> parts.add(claim.checked().path() + "=" + each));
        return new JobSubject(subject.position(), subject.key(), subject.claims(), outcome, String.join(",", parts));
    }
}
