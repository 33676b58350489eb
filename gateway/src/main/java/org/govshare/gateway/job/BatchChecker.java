package org.govshare.gateway.job;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
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
            int[] @Nullable [] found = sent.isEmpty()
                    ? new int[0][]
                    : run(job, type, target, compiler, allowed, sent, claimsOfSent, batchSize);
            long statementNanos = System.nanoTime() - running;
            // What went to which source: the sent subjects' keys to the type's, the keys with a record to each
            // related record's (see RelatedRecordChecks).
            Map<String, Long> sentPerSource = new TreeMap<>();
            sentPerSource.put(type.source(), (long) sent.size());
            long withRecord = IntStream.range(0, found.length)
                    .filter(index -> found[index] != null)
                    .mapToObj(index -> sent.get(index).key())
                    .distinct()
                    .count();
            if (withRecord > 0) {
                for (ClaimTree.Related related : claimsOfSent.get(0).related()) {
                    sentPerSource.merge(related.tree().type().source(), withRecord, Long::sum);
                }
            }
            for (int i = 0; i < sent.size(); i++) {
                JobSubject subject = sent.get(i);
                ClaimTree claims = claimsOfSent.get(i);
                int[] bits = found[i];
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

    /**
     * Runs the set statements over {@code subjects}: per subject, the claims' bits, or null when it has no record.
     *
     * <p>Per-subject claims about one key twice in one statement would be answered together ({@code CASE WHEN} takes
     * the first branch that holds, and the rows come back per record): a wrong claim would read as matched when the
     * right one stood beside it, so one job could test many claims about a subject for the price of one. A statement
     * thus names each key once: the second occurrences of keys in a batch go in statements after the first ones', and
     * so on.
     */
    private int[] @Nullable [] run(
            Job job,
            CatalogType type,
            JobClaims.Target target,
            SetClaimCheckCompiler compiler,
            Allowed allowed,
            List<JobSubject> subjects,
            List<ClaimTree> claims,
            int batchSize) {
        RowConditions conditions = RowConditions.of(allowed.rowFilters(type.name()));
        List<ClaimTest> tests =
                claims.get(0).claims().stream().map(ClaimTree.Checked::test).toList();
        int[] @Nullable [] bitsOf = new int[subjects.size()][];
        for (List<Integer> round : job.perSubject() ? byOccurrence(subjects) : List.of(allOf(subjects))) {
            for (int from = 0; from < round.size(); from += batchSize) {
                List<Integer> chunk = round.subList(from, Math.min(round.size(), from + batchSize));
                // A short chunk takes a statement for fewer keys (a power of two), so few shapes are ever compiled.
                int size = Math.min(batchSize, Integer.highestOneBit(Math.max(1, chunk.size() - 1)) << 1);
                SetClaimCheckShape shape = new SetClaimCheckShape(
                        type.name(), target.key().name(), size, tests, job.perSubject(), conditions.conditions());
                CompiledQuery query = compiler.plan(shape);
                @Nullable Object[] slots = new Object[shape.slotCount()];
                for (int k = 0; k < size; k++) {
                    int index = chunk.get(Math.min(k, chunk.size() - 1));
                    slots[k] = subjects.get(index).key();
                    for (int c = 0; c < tests.size(); c++) {
                        if (job.perSubject() || k == 0) {
                            slots[shape.claimSlot(c, k)] =
                                    claims.get(index).claims().get(c).value();
                        }
                    }
                }
                int slot = shape.firstConditionSlot();
                for (Object value : conditions.values()) {
                    slots[slot++] = value;
                }
                Map<String, int[]> found = new HashMap<>();
                for (@Nullable Object[] row : executor.execute(query, slots)) {
                    int[] bits = new int[tests.size()];
                    for (int c = 0; c < bits.length; c++) {
                        bits[c] = ((Number) requireNonNull(row[c + 1])).intValue();
                    }
                    found.put(String.valueOf(row[0]), bits);
                }
                for (int index : chunk) {
                    bitsOf[index] = found.get(subjects.get(index).key());
                }
            }
        }
        ClaimTree shared = claims.get(0);
        Set<String> withRecord = new LinkedHashSet<>();
        for (int index = 0; index < bitsOf.length; index++) {
            if (bitsOf[index] != null) {
                withRecord.add(subjects.get(index).key());
            }
        }
        if (!shared.related().isEmpty() && !withRecord.isEmpty()) {
            // Claims about related records (the same for every subject): one more set statement per related record
            // type, at its own source, for the subjects that have a record; their outcomes follow the subject's own.
            Map<String, int[]> related =
                    RelatedRecordChecks.check(executor, compiler, allowed, shared, List.copyOf(withRecord), batchSize);
            for (int index = 0; index < bitsOf.length; index++) {
                int[] own = bitsOf[index];
                if (own != null) {
                    int[] more = requireNonNull(related.get(subjects.get(index).key()), "related outcomes");
                    int[] both = Arrays.copyOf(own, own.length + more.length);
                    System.arraycopy(more, 0, both, own.length, more.length);
                    bitsOf[index] = both;
                }
            }
        }
        return bitsOf;
    }

    /** Every subject's index, in order. */
    private static List<Integer> allOf(List<JobSubject> subjects) {
        return IntStream.range(0, subjects.size()).boxed().toList();
    }

    /** The subjects' indexes by their key's occurrence: first occurrences in the first list, in order, and so on. */
    private static List<List<Integer>> byOccurrence(List<JobSubject> subjects) {
        List<List<Integer>> rounds = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int index = 0; index < subjects.size(); index++) {
            int occurrence = seen.merge(subjects.get(index).key(), 1, Integer::sum) - 1;
            if (occurrence == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(occurrence).add(index);
        }
        return rounds;
    }

    private static JobSubject withOutcome(JobSubject subject, ClaimTree claims, String outcome, String each) {
        List<String> parts = new ArrayList<>();
        JobClaims.claims(claims).forEach(claim -> parts.add(claim.checked().path() + "=" + each));
        return new JobSubject(subject.position(), subject.key(), subject.claims(), outcome, String.join(",", parts));
    }
}
