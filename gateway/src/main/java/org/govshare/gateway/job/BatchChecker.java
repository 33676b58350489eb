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
 * Checks one batch of a job's subjects at the source: one set statement checks every subject's claims, under the
 * caller's row filters, and nothing but the keys sent and the claims' outcomes comes back. Then ({@link #admit}),
 * before any outcome can be revealed, the guessing defences admit each subject and book its guesses (each mismatched
 * claim, and each range claim no grant binds) in the same step ({@link VerificationGuard#admitAll}): a subject the
 * consumer has no room left for today is {@code REFUSED}, its outcome withheld and nothing booked. Whether a subject
 * is admitted depends on its claims' worst case and what was booked before, never on its own outcome, so {@code
 * REFUSED} tells nothing about the subject's record; a subject without a record is decided like any other.
 */
final class BatchChecker {
    static final String MATCH = "MATCH";
    static final String MISMATCH = "MISMATCH";
    static final String NO_RECORD = "NO_RECORD";
    /** Outcome withheld: the consumer has no room left today for guesses about this subject. */
    static final String REFUSED = "REFUSED";

    /**
     * A batch checked and not yet admitted: its subjects with the outcomes found (none may be revealed before
     * {@link #admit}), each subject's request to the guessing defences and the guesses it made, the keys sent to each
     * source (the verified type's, then each related record's), and how long the statements took.
     */
    record Checked(
            List<JobSubject> found,
            List<VerificationGuard.Request> requests,
            int[] guesses,
            List<ClaimTree> claims,
            Map<String, Long> sentPerSource,
            long statementNanos) {
        Checked {
            found = List.copyOf(found);
            requests = List.copyOf(requests);
            guesses = guesses.clone();
            claims = List.copyOf(claims);
            sentPerSource = Collections.unmodifiableMap(new TreeMap<>(sentPerSource));
        }

        /** The keys sent to the verified type's source: every subject of the batch. */
        int sentToSource() {
            return found.size();
        }
    }

    /** A batch admitted: its subjects with the outcomes that may be revealed, and how long the admission took. */
    record Admitted(List<JobSubject> subjects, long admitNanos) {
        Admitted {
            subjects = List.copyOf(subjects);
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
        for (JobSubject subject : subjects) {
            claimsOfEach.add(
                    shared != null
                            ? shared
                            : JobClaims.parseEach(catalog, type, requireNonNull(subject.claims(), "claims")));
        }
        long running = System.nanoTime();
        int[] @Nullable [] found = run(job, type, target, compiler, allowed, subjects, claimsOfEach, batchSize);
        Set<String> withRecord = new LinkedHashSet<>();
        for (int index = 0; index < found.length; index++) {
            if (found[index] != null) {
                withRecord.add(subjects.get(index).key());
            }
        }
        // Claims about related records are the same for every subject.
        ClaimTree first = claimsOfEach.get(0);
        if (!first.related().isEmpty() && !withRecord.isEmpty()) {
            withRelated(found, subjects, first, allowed, compiler, withRecord, batchSize);
        }
        long statementNanos = System.nanoTime() - running;
        // What went to which source: every subject's key to the type's, the keys with a record to each related
        // record's (see RelatedRecordChecks).
        Map<String, Long> sentPerSource = new TreeMap<>();
        sentPerSource.put(type.source(), (long) subjects.size());
        if (!withRecord.isEmpty()) {
            for (ClaimTree.Related related : first.related()) {
                sentPerSource.merge(related.tree().type().source(), (long) withRecord.size(), Long::sum);
            }
        }
        List<JobSubject> checked = new ArrayList<>(subjects.size());
        List<VerificationGuard.Request> requests = new ArrayList<>(subjects.size());
        int[] guesses = new int[subjects.size()];
        for (int index = 0; index < subjects.size(); index++) {
            JobSubject subject = subjects.get(index);
            ClaimTree claims = claimsOfEach.get(index);
            requests.add(new VerificationGuard.Request(
                    new VerificationGuard.SubjectGuesses(job.consumer(), Subject.of(type, List.of(subject.key()))),
                    claims.claimCount(),
                    limit));
            int[] bits = found[index];
            if (bits == null) {
                checked.add(withOutcome(subject, claims, NO_RECORD));
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
            guesses[index] = counted;
            checked.add(new JobSubject(
                    subject.position(),
                    subject.key(),
                    subject.claims(),
                    all ? MATCH : MISMATCH,
                    String.join(",", each)));
        }
        return new Checked(checked, requests, guesses, claimsOfEach, sentPerSource, statementNanos);
    }

    /**
     * Admits a checked batch's subjects, every one, with a record or not, against its own limit, in a few scripts on
     * the shared counters, booking their guesses: those not admitted are {@code REFUSED}. A job's batches must be
     * admitted in order (a subject in two batches counts the first one's guesses in the second's admission).
     */
    Admitted admit(Checked checked) {
        long admitting = System.nanoTime();
        boolean[] admitted = guard.admitAll(checked.requests(), checked.guesses());
        List<JobSubject> subjects = new ArrayList<>(checked.found());
        for (int index = 0; index < admitted.length; index++) {
            if (!admitted[index]) {
                subjects.set(
                        index, withOutcome(subjects.get(index), checked.claims().get(index), REFUSED));
            }
        }
        return new Admitted(subjects, System.nanoTime() - admitting);
    }

    /**
     * Runs the set statements over {@code subjects}: per subject, its own claims' bits, or null when it has no record.
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
        return bitsOf;
    }

    /**
     * Appends to each subject's bits in {@code found} those of the claims about its related records (the same for
     * every subject, {@code shared}'s): one more set statement per related record type, at its own source, for the
     * subjects that have a record ({@code withRecord}).
     */
    private void withRelated(
            int[] @Nullable [] found,
            List<JobSubject> subjects,
            ClaimTree shared,
            Allowed allowed,
            SetClaimCheckCompiler compiler,
            Set<String> withRecord,
            int batchSize) {
        Map<String, int[]> related =
                RelatedRecordChecks.check(executor, compiler, allowed, shared, List.copyOf(withRecord), batchSize);
        for (int index = 0; index < found.length; index++) {
            int[] own = found[index];
            if (own != null) {
                int[] more = requireNonNull(related.get(subjects.get(index).key()), "related outcomes");
                int[] both = Arrays.copyOf(own, own.length + more.length);
                System.arraycopy(more, 0, both, own.length, more.length);
                found[index] = both;
            }
        }
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

    /** {@code subject} with {@code outcome} as its own and each of its claims'. */
    private static JobSubject withOutcome(JobSubject subject, ClaimTree claims, String outcome) {
        List<String> parts = new ArrayList<>();
        JobClaims.claims(claims).forEach(claim -> parts.add(claim.checked().path() + "=" + outcome));
        return new JobSubject(subject.position(), subject.key(), subject.claims(), outcome, String.join(",", parts));
    }
}
