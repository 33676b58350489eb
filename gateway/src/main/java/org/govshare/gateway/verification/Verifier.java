package org.govshare.gateway.verification;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.plan.ClaimCheckShape;
import org.govshare.connector.plan.CompiledQuery;
import org.govshare.connector.plan.PlanCache;
import org.govshare.gateway.audit.RequestTrace;
import org.govshare.gateway.error.QuotaExceededException;
import org.govshare.gateway.read.RowConditions;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.subject.Subject;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.catalog.RelationField;
import org.jspecify.annotations.Nullable;

/**
 * Checks a verification's claims at the sources: one statement per record claimed about, selecting only the claims'
 * outcomes (never a value), under the caller's row filters. Claims about related records on other sources run in
 * parallel with the subject's own when the relation's key is the subject's key, after it otherwise. The guessing
 * defence reserves room for the claims before anything runs and books the mismatches after.
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
    static final String NO_RECORD = "NO_RECORD";

    /** What one record's statement answered: whether it is there, its claims' bits, and its related records'. */
    private record Checked(ClaimTree tree, boolean found, int[] bits, List<Checked> related) {}

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
     * under {@code allowed}. Fails with {@code QUOTA_EXCEEDED} when the consumer has used up its mismatches on this
     * subject today.
     */
    CompletableFuture<Result> verify(
            ClaimTree tree, List<Object> key, Allowed allowed, String consumer, @Nullable RequestTrace trace) {
        int limit = allowed.quotas().mismatchesPerSubjectPerDay() > 0
                ? allowed.quotas().mismatchesPerSubjectPerDay()
                : defaultMismatchLimit;
        Subject subject = Subject.of(tree.type(), key);
        VerificationGuard.Reservation reservation = guard.reserve(consumer, subject, tree.claimCount(), limit)
                .orElseThrow(() -> new QuotaExceededException(
                        QuotaExceededException.Kind.MISMATCHES,
                        "too many mismatched claims about this subject today; verifications of it resume tomorrow",
                        window.secondsUntilTomorrow()));
        if (trace != null) {
            trace.touched(subject);
        }
        CompletableFuture<Checked> checked;
        try {
            checked = check(tree, key, allowed, trace);
        } catch (RuntimeException e) {
            reservation.settle(0);
            throw e;
        }
        return checked.handle((done, failure) -> {
            if (failure != null) {
                reservation.settle(0);
                throw failure instanceof RuntimeException runtime
                        ? runtime
                        : new java.util.concurrent.CompletionException(failure);
            }
            List<ClaimOutcome> outcomes = new ArrayList<>();
            if (!done.found()) {
                collect(done.tree(), NO_RECORD, outcomes);
                reservation.settle(0);
                return new Result(NO_RECORD, outcomes);
            }
            outcomes(done, outcomes);
            int mismatches = (int) outcomes.stream()
                    .filter(outcome -> !outcome.outcome().equals(MATCH))
                    .count();
            reservation.settle(mismatches);
            return new Result(mismatches == 0 ? MATCH : MISMATCH, outcomes);
        });
    }

    private CompletableFuture<Checked> check(
            ClaimTree tree, List<Object> key, Allowed allowed, @Nullable RequestTrace trace) {
        CatalogType type = tree.type();
        List<ClaimTree.Related> parallel = new ArrayList<>();
        List<ClaimTree.Related> after = new ArrayList<>();
        List<String> relationsToRead = new ArrayList<>();
        for (ClaimTree.Related related : tree.related()) {
            if (relationKeyIsSubjectKey(type, related.relation())) {
                parallel.add(related);
            } else {
                after.add(related);
                relationsToRead.add(related.relation().name());
            }
        }
        RowConditions conditions = RowConditions.of(allowed.rowFilters(type.name()));
        CompiledQuery query = plans.plan(shape(tree, relationsToRead, conditions));
        List<Object> slots = new ArrayList<>(key);
        tree.claims().forEach(claim -> slots.add(claim.value()));
        slots.addAll(conditions.values());
        CompletableFuture<List<@Nullable Object[]>> own = executor.executeAsync(query, slots.toArray())
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
                    targetKey(requireNonNull(keyFromSubject(type, relation.relation(), key)), relation),
                    allowed,
                    trace));
        }
        for (ClaimTree.Related relation : after) {
            related.add(own.thenCompose(rows -> {
                List<Object> relationKey =
                        rows.isEmpty() ? null : relationKey(query, relation.relation(), requireNonNull(rows.get(0)));
                return relationKey == null
                        ? CompletableFuture.completedFuture(absent(relation.tree()))
                        : check(relation.tree(), targetKey(relationKey, relation), allowed, trace);
            }));
        }
        int claims = tree.claims().size();
        return CompletableFuture.allOf(related.toArray(CompletableFuture[]::new))
                .thenCombine(own, (done, rows) -> {
                    if (rows.isEmpty()) {
                        return absent(tree);
                    }
                    @Nullable Object[] row = requireNonNull(rows.get(0));
                    int[] bits = new int[claims];
                    for (int i = 0; i < claims; i++) {
                        // The first columns of a claim check are the claims' outcomes, in order.
                        bits[i] = ((Number) requireNonNull(row[i])).intValue();
                    }
                    return new Checked(
                            tree,
                            true,
                            bits,
                            related.stream().map(CompletableFuture::join).toList());
                });
    }

    /**
     * The statements a verification of {@code claims} about a record of {@code type} sends, one per record claimed
     * about (for {@code explain}); bad claims are {@code INVALID_ARGUMENT}.
     */
    public static List<ClaimCheckShape> shapes(Catalog catalog, CatalogType type, Map<?, ?> claims, Allowed allowed) {
        List<ClaimCheckShape> shapes = new ArrayList<>();
        addShapes(Claims.parse(catalog, type, claims), allowed, shapes);
        return shapes;
    }

    private static void addShapes(ClaimTree tree, Allowed allowed, List<ClaimCheckShape> shapes) {
        List<String> relationsToRead = new ArrayList<>();
        for (ClaimTree.Related related : tree.related()) {
            if (!relationKeyIsSubjectKey(tree.type(), related.relation())) {
                relationsToRead.add(related.relation().name());
            }
        }
        shapes.add(shape(
                tree,
                relationsToRead,
                RowConditions.of(allowed.rowFilters(tree.type().name()))));
        tree.related().forEach(related -> addShapes(related.tree(), allowed, shapes));
    }

    private static ClaimCheckShape shape(ClaimTree tree, List<String> relationsToRead, RowConditions conditions) {
        return new ClaimCheckShape(
                tree.type().name(),
                tree.type().keyFields(),
                tree.claims().stream().map(ClaimTree.Checked::test).toList(),
                relationsToRead,
                conditions.conditions());
    }

    private static boolean relationKeyIsSubjectKey(CatalogType type, RelationField relation) {
        return keyFromSubject(type, relation, type.keyFields()) != null;
    }

    /**
     * The related record's key prefix when the relation's columns are all key columns of the subject (the usual
     * {@code id_number → id_number}): known before anything runs, so its claims are checked in parallel.
     */
    private static @Nullable List<Object> keyFromSubject(
            CatalogType type, RelationField relation, List<? extends Object> key) {
        List<ColumnField> keyColumns = type.keyColumns();
        List<Object> values = new ArrayList<>();
        for (String column : relation.columns()) {
            int position = -1;
            for (int i = 0; i < keyColumns.size(); i++) {
                if (keyColumns.get(i).column().equalsIgnoreCase(column)) {
                    position = i;
                }
            }
            if (position < 0) {
                return null;
            }
            values.add(key.get(position));
        }
        return values;
    }

    private static @Nullable List<Object> relationKey(
            CompiledQuery query, RelationField relation, @Nullable Object[] row) {
        List<Object> values = new ArrayList<>();
        for (int position : query.relationPositions(relation.name())) {
            Object value = row[position];
            if (value == null) {
                return null;
            }
            values.add(value);
        }
        return values;
    }

    private static List<Object> targetKey(List<Object> prefix, ClaimTree.Related relation) {
        List<Object> key = new ArrayList<>(prefix);
        key.addAll(relation.selectorValues());
        return key;
    }

    private static Checked absent(ClaimTree tree) {
        return new Checked(tree, false, new int[0], List.of());
    }

    /** Outcomes of a found record: its claims' bits; a related record that is absent mismatches all its claims. */
    private static void outcomes(Checked checked, List<ClaimOutcome> outcomes) {
        List<ClaimTree.Checked> claims = checked.tree().claims();
        for (int i = 0; i < claims.size(); i++) {
            outcomes.add(new ClaimOutcome(claims.get(i).path(), checked.bits()[i] == 1 ? MATCH : MISMATCH));
        }
        for (Checked related : checked.related()) {
            if (related.found()) {
                outcomes(related, outcomes);
            } else {
                collect(related.tree(), MISMATCH, outcomes);
            }
        }
    }

    private static void collect(ClaimTree tree, String outcome, List<ClaimOutcome> outcomes) {
        tree.claims().forEach(claim -> outcomes.add(new ClaimOutcome(claim.path(), outcome)));
        tree.related().forEach(related -> collect(related.tree(), outcome, outcomes));
    }
}
