package org.govshare.gateway.verification;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.plan.ClaimCheckShape;
import org.govshare.connector.plan.CompiledQuery;
import org.govshare.connector.plan.PlanCache;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.error.QuotaExceededException;
import org.govshare.gateway.read.RelationKeys;
import org.govshare.gateway.read.RowConditions;
import org.govshare.gateway.read.SourcePlanner;
import org.govshare.gateway.request.RequestRecord;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.subject.Subject;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.policy.model.ClaimBinding;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.Comparison;
import org.jspecify.annotations.Nullable;

/**
 * Checks a verification's claims at the sources: one statement per record claimed about, selecting only the claims'
 * outcomes (never a value), under the caller's row filters. Claims about related records on other sources run in
 * parallel with the subject's own when the relation's key is the subject's key, after it otherwise.
 *
 * <p>The guessing defence counts per (consumer, subject): every claim is a possible guess, so room for each is
 * reserved against the subject it is about before its statement runs (a related record reached through another key:
 * once that key is known), and a verification without room is refused whole. After it ran, a mismatched claim is
 * booked, and so is a range claim ({@code AtLeast}, {@code AtMost}) that no grant binds, whether it matched or not:
 * each answer halves what is left of the value. A claim about a field the caller may claim about only under bindings
 * must be one of the bound claims, or the verification is refused before anything runs.
 */
public final class Verifier {
    /** The answer of a verification, in the public schema's terms ({@code Verification}). */
    public record Result(String outcome, List<ClaimOutcome> claims) {
        public Result {
            requireNonNull(outcome, "outcome is null");
            claims = List.copyOf(claims);
        }
    }

    /** One claim by its input path, and its outcome ({@code ClaimOutcome}). */
    public record ClaimOutcome(String claim, String outcome) {
        public ClaimOutcome {
            requireNonNull(claim, "claim is null");
            requireNonNull(outcome, "outcome is null");
        }
    }

    static final String MATCH = "MATCH";
    static final String MISMATCH = "MISMATCH";
    /** The outcome of a verification whose subject is not there (or not within the caller's rows). */
    public static final String NO_RECORD = "NO_RECORD";

    /** The one order in which a verification reserves room for its subjects. */
    private static final Comparator<Subject> IN_RESERVATION_ORDER =
            Comparator.comparing(Subject::kind).thenComparing(Subject::key);

    /**
     * What one record's statement answered: the subject it is about (null: a related record whose key is unknown),
     * whether it is there, its claims' bits, and its related records'.
     */
    private record Checked(
            ClaimTree tree, @Nullable Subject subject, boolean found, int[] bits, List<Checked> related) {}

    private final PlanCache plans;
    private final SourceQueryExecutor executor;
    private final VerificationGuard guard;
    private final DailyWindow window;
    private final int defaultMismatchLimit;

    /**
     * @param defaultMismatchLimit mismatches per subject and day when no grant of the caller sets a limit: the
     *     guessing defence is never off
     */
    public Verifier(
            PlanCache plans,
            SourceQueryExecutor executor,
            VerificationGuard guard,
            DailyWindow window,
            int defaultMismatchLimit) {
        if (defaultMismatchLimit < 1) {
            throw new IllegalArgumentException("defaultMismatchLimit must be at least 1");
        }
        this.plans = plans;
        this.executor = executor;
        this.guard = guard;
        this.window = window;
        this.defaultMismatchLimit = defaultMismatchLimit;
    }

    /**
     * Verifies {@code tree} about the record of its type with these normalised key values, for {@code consumer}
     * under {@code allowed}. Fails with {@code QUOTA_EXCEEDED} when the consumer has no room left for the claims'
     * guesses about a subject today, and with {@code FORBIDDEN_FIELD} when a claim is not one its bindings admit.
     */
    CompletableFuture<Result> verify(
            ClaimTree tree, List<Object> key, Allowed allowed, String consumer, @Nullable RequestRecord trace) {
        admitBoundClaims(tree, allowed);
        int limit = allowed.quotas().mismatchesPerSubjectPerDay() > 0
                ? allowed.quotas().mismatchesPerSubjectPerDay()
                : defaultMismatchLimit;
        Guesses guesses = new Guesses(consumer, limit, trace);
        CompletableFuture<Checked> checked;
        try {
            guesses.reserve(tree, key);
            checked = check(tree, key, allowed, trace, guesses, true);
        } catch (RuntimeException e) {
            guesses.settle(Map.of());
            throw e;
        }
        return checked.handle((done, failure) -> {
            if (failure != null) {
                // Nothing comes back, so nothing was learnt: every reservation is freed.
                guesses.settle(Map.of());
                throw failure instanceof RuntimeException runtime
                        ? runtime
                        : new java.util.concurrent.CompletionException(failure);
            }
            List<ClaimOutcome> outcomes = new ArrayList<>();
            if (!done.found()) {
                collect(done.tree(), NO_RECORD, outcomes);
                guesses.settle(Map.of());
                return new Result(NO_RECORD, outcomes);
            }
            Map<Subject, Integer> counted = new HashMap<>();
            outcomes(done, outcomes, allowed, counted);
            guesses.settle(counted);
            boolean allMatch =
                    outcomes.stream().allMatch(outcome -> outcome.outcome().equals(MATCH));
            return new Result(allMatch ? MATCH : MISMATCH, outcomes);
        });
    }

    /**
     * The room a verification reserved, per subject its claims are about, and how it is settled: once, with the
     * guesses made per subject (an empty map frees everything).
     */
    private final class Guesses {
        /** Room reserved for {@code size} guesses about {@code subject}. */
        private record Held(Subject subject, int size, VerificationGuard.Reservation reservation) {}

        private final String consumer;
        private final int limit;
        private final @Nullable RequestRecord trace;
        private final List<Held> held = new ArrayList<>();

        Guesses(String consumer, int limit, @Nullable RequestRecord trace) {
            this.consumer = consumer;
            this.limit = limit;
            this.trace = trace;
        }

        /**
         * Reserves one guess per claim of {@code tree} and of the related trees whose keys follow from {@code key},
         * against the subject each is about; refuses the whole verification when one subject has no room. Subjects
         * are reserved in one order (by kind, then key) whatever the claims' order, so two verifications about the
         * same subjects never each hold the room the other waits for.
         */
        synchronized void reserve(ClaimTree tree, List<Object> key) {
            Map<Subject, Integer> wanted = new TreeMap<>(IN_RESERVATION_ORDER);
            claimsBySubject(tree, key, wanted);
            for (Map.Entry<Subject, Integer> subject : wanted.entrySet()) {
                VerificationGuard.Reservation reservation;
                try {
                    reservation = guard.reserve(
                                    new VerificationGuard.SubjectGuesses(consumer, subject.getKey()),
                                    subject.getValue(),
                                    limit)
                            .orElseThrow(() -> new QuotaExceededException(
                                    QuotaExceededException.Kind.MISMATCHES,
                                    "too many guesses about this subject today; verifications of it resume tomorrow",
                                    window.secondsUntilTomorrow()));
                } catch (VerificationGuard.CrowdedException e) {
                    throw new QuotaExceededException(
                            QuotaExceededException.Kind.MISMATCHES,
                            "more verifications of this subject under way at once than its day's budget of guesses"
                                    + " has left; try again in a moment",
                            1);
                }
                held.add(new Held(subject.getKey(), subject.getValue(), reservation));
                if (trace != null) {
                    trace.touched(subject.getKey());
                }
            }
        }

        /** Books the guesses made per subject (none: everything is freed); once. */
        synchronized void settle(Map<Subject, Integer> counted) {
            Map<Subject, Integer> left = new HashMap<>(counted);
            for (Held room : held) {
                int booked = Math.min(room.size(), left.getOrDefault(room.subject(), 0));
                left.merge(room.subject(), -booked, Integer::sum);
                room.reservation().settle(booked);
            }
            held.clear();
        }

        private void claimsBySubject(ClaimTree tree, List<Object> key, Map<Subject, Integer> wanted) {
            if (!tree.claims().isEmpty()) {
                wanted.merge(Subject.of(tree.type(), key), tree.claims().size(), Integer::sum);
            }
            for (ClaimTree.Related related : tree.related()) {
                List<Object> prefix = RelationKeys.fromSubjectKey(tree.type(), related.relation(), key);
                if (prefix != null) {
                    claimsBySubject(related.tree(), targetKey(prefix, related), wanted);
                }
            }
        }
    }

    /**
     * Refuses a claim about a field bound for this caller unless it is one of the bound claims: the one rule for online
     * verification and verification jobs.
     */
    public static void admitBoundClaims(ClaimTree tree, Allowed allowed) {
        for (ClaimTree.Checked claim : tree.claims()) {
            List<ClaimBinding> bindings = allowed.bindingsOf(
                    new FieldCoordinate(tree.type().name(), claim.test().field()));
            if (!bindings.isEmpty()
                    && bindings.stream()
                            .noneMatch(binding -> binding.admits(claim.test().comparison(), claim.value()))) {
                throw new GovshareException(
                        ErrorCode.FORBIDDEN_FIELD,
                        "Claim '" + claim.path() + "' may only be made as the grant binds it");
            }
        }
        tree.related().forEach(related -> admitBoundClaims(related.tree(), allowed));
    }

    /**
     * Checks {@code tree}'s claims at their source, and its related trees', the independent ones in parallel on the
     * sources' own threads. A tree with nothing related runs its one query on the caller's thread when
     * {@code onCaller} (the request's own verification, not one continued on another source's thread): a hand-off
     * to the source's threads and back would only add two thread wake-ups, and the query is bounded the same way
     * (the source's bulkhead, its statement and network timeouts), as a lookup's is.
     */
    private CompletableFuture<Checked> check(
            ClaimTree tree,
            List<Object> key,
            Allowed allowed,
            @Nullable RequestRecord trace,
            Guesses guesses,
            boolean onCaller) {
        CatalogType type = tree.type();
        List<ClaimTree.Related> parallel = new ArrayList<>();
        List<ClaimTree.Related> after = new ArrayList<>();
        for (ClaimTree.Related related : tree.related()) {
            if (RelationKeys.followsFromSubjectKey(type, related.relation())) {
                parallel.add(related);
            } else {
                after.add(related);
            }
        }
        CompiledQuery query = plans.plan(shape(tree, relationsToRead(tree), allowed));
        List<Object> slots = new ArrayList<>(key);
        tree.claims().forEach(claim -> slots.add(claim.value()));
        slots.addAll(RowConditions.of(allowed.rowFilters(type.name())).values());
        CompletableFuture<List<@Nullable Object[]>> own = run(
                        query, slots, onCaller && tree.related().isEmpty())
                .thenApply(rows -> {
                    if (trace != null) {
                        trace.read(query.source(), rows.size());
                    }
                    return rows;
                });

        List<CompletableFuture<Checked>> related = new ArrayList<>();
        for (ClaimTree.Related relation : parallel) {
            related.add(check(
                    relation.tree(),
                    targetKey(requireNonNull(RelationKeys.fromSubjectKey(type, relation.relation(), key)), relation),
                    allowed,
                    trace,
                    guesses,
                    false));
        }
        for (ClaimTree.Related relation : after) {
            related.add(own.thenCompose(rows -> {
                List<Object> relationKey = rows.isEmpty()
                        ? null
                        : RelationKeys.fromRow(query, relation.relation().name(), requireNonNull(rows.get(0)));
                if (relationKey == null) {
                    return CompletableFuture.completedFuture(absent(relation.tree(), null));
                }
                List<Object> target = targetKey(relationKey, relation);
                // Known only now: the related record's subject, whose room is reserved before its claims run.
                guesses.reserve(relation.tree(), target);
                return check(relation.tree(), target, allowed, trace, guesses, false);
            }));
        }
        int claims = tree.claims().size();
        return CompletableFuture.allOf(related.toArray(CompletableFuture[]::new))
                .thenCombine(own, (done, rows) -> {
                    if (rows.isEmpty()) {
                        return absent(tree, key);
                    }
                    @Nullable Object[] row = requireNonNull(rows.get(0));
                    int[] bits = new int[claims];
                    for (int i = 0; i < claims; i++) {
                        // The first columns of a claim check are the claims' outcomes, in order.
                        bits[i] = ((Number) requireNonNull(row[i])).intValue();
                    }
                    return new Checked(
                            tree,
                            Subject.of(type, key),
                            true,
                            bits,
                            related.stream().map(CompletableFuture::join).toList());
                });
    }

    /** The query's rows: on this thread, failed rather than thrown, or on the source's threads. */
    private CompletableFuture<List<@Nullable Object[]>> run(CompiledQuery query, List<Object> slots, boolean here) {
        if (!here) {
            return executor.executeAsync(query, slots.toArray());
        }
        try {
            return CompletableFuture.completedFuture(executor.execute(query, slots.toArray()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** One claim check a verification sends: the relations that lead to its record ("" for the subject's own). */
    public record PlannedCheck(String relationPath, ClaimCheckShape shape) {
        public PlannedCheck {
            requireNonNull(relationPath, "relationPath is null");
            requireNonNull(shape, "shape is null");
        }
    }

    /**
     * The statements a verification of {@code claims} about a record of {@code type} sends, one per record claimed
     * about (for {@code explain}), made as {@link #verify} makes them; bad claims are {@code INVALID_ARGUMENT}.
     */
    public static List<PlannedCheck> checks(Catalog catalog, CatalogType type, Map<?, ?> claims, Allowed allowed) {
        List<PlannedCheck> checks = new ArrayList<>();
        addChecks(Claims.parse(catalog, type, claims), "", allowed, checks);
        return checks;
    }

    private static void addChecks(ClaimTree tree, String path, Allowed allowed, List<PlannedCheck> checks) {
        checks.add(new PlannedCheck(path, shape(tree, relationsToRead(tree), allowed)));
        tree.related()
                .forEach(related -> addChecks(
                        related.tree(), path + "." + related.relation().name(), allowed, checks));
    }

    /** The relations whose key does not follow from the subject's: their local keys are read with its claims. */
    private static List<String> relationsToRead(ClaimTree tree) {
        List<String> relations = new ArrayList<>();
        for (ClaimTree.Related related : tree.related()) {
            if (!RelationKeys.followsFromSubjectKey(tree.type(), related.relation())) {
                relations.add(related.relation().name());
            }
        }
        return relations;
    }

    private static ClaimCheckShape shape(ClaimTree tree, List<String> relationsToRead, Allowed allowed) {
        return SourcePlanner.claimCheck(
                tree.type(), tree.claims().stream().map(ClaimTree.Checked::test).toList(), relationsToRead, allowed);
    }

    private static List<Object> targetKey(List<Object> prefix, ClaimTree.Related relation) {
        List<Object> key = new ArrayList<>(prefix);
        key.addAll(relation.selectorValues());
        return key;
    }

    private static Checked absent(ClaimTree tree, @Nullable List<Object> key) {
        return new Checked(tree, key == null ? null : Subject.of(tree.type(), key), false, new int[0], List.of());
    }

    /**
     * Outcomes of a found record: its claims' bits; a related record that is absent mismatches all its claims. Counts
     * the guesses each subject's claims made: a mismatch, or a range claim no grant binds whatever its outcome.
     */
    private static void outcomes(
            Checked checked, List<ClaimOutcome> outcomes, Allowed allowed, Map<Subject, Integer> counted) {
        List<ClaimTree.Checked> claims = checked.tree().claims();
        for (int i = 0; i < claims.size(); i++) {
            boolean match = checked.found() && checked.bits()[i] == 1;
            outcomes.add(new ClaimOutcome(claims.get(i).path(), match ? MATCH : MISMATCH));
            if ((!match || isFreeRangeClaim(checked.tree(), claims.get(i), allowed)) && checked.subject() != null) {
                counted.merge(checked.subject(), 1, Integer::sum);
            }
        }
        for (Checked related : checked.related()) {
            outcomes(related, outcomes, allowed, counted);
        }
    }

    private static boolean isFreeRangeClaim(ClaimTree tree, ClaimTree.Checked claim, Allowed allowed) {
        return claim.test().comparison() != Comparison.EQUALS
                && allowed.bindingsOf(new FieldCoordinate(
                                tree.type().name(), claim.test().field()))
                        .isEmpty();
    }

    private static void collect(ClaimTree tree, String outcome, List<ClaimOutcome> outcomes) {
        tree.claims().forEach(claim -> outcomes.add(new ClaimOutcome(claim.path(), outcome)));
        tree.related().forEach(related -> collect(related.tree(), outcome, outcomes));
    }
}
