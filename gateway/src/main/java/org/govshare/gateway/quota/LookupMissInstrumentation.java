package org.govshare.gateway.quota;

import graphql.execution.DataFetcherResult;
import graphql.execution.ExecutionStepInfo;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLObjectType;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.govshare.gateway.access.AccessDecisionInstrumentation;
import org.govshare.gateway.access.FieldUses;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.error.QuotaExceededException;
import org.govshare.gateway.read.AllowedOperation;
import org.govshare.gateway.request.RequestRecord;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.subject.Subject;
import org.govshare.gateway.verification.VerificationGuard;
import org.govshare.gateway.verification.Verifier;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.LookupField;
import org.govshare.schema.catalog.RootField;
import org.govshare.schema.catalog.VerifyField;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;

/**
 * The guessing defence of keys: a lookup or verification by key that finds no record (none at all, or none within
 * the caller's row filters) is a guess at a key, such as the hidden digits of a masked ID number. Each one names its
 * subject in the audit trail, found or not, and is counted against the consumer's lookup misses of the day: room for
 * one miss is reserved before the source is asked, booked if nothing was found and freed otherwise. Without room the
 * field is {@code QUOTA_EXCEEDED} and no source is asked. The limit is the grants' own, else the gateway's default
 * (never off), and never more than the masks of the purpose's grants leave safe.
 */
public final class LookupMissInstrumentation extends SimplePerformantInstrumentation implements Ordered {
    private final Supplier<LiveCatalog> live;
    private final VerificationGuard guard;
    private final DailyWindow window;
    private final int defaultLimit;

    /**
     * @param live the catalog versions, found when first needed (they are built with this instrumentation): a
     *     request's keyed roots are those of the version it runs on
     */
    public LookupMissInstrumentation(
            Supplier<LiveCatalog> live, VerificationGuard guard, DailyWindow window, int defaultLimit) {
        if (defaultLimit < 1) {
            throw new IllegalArgumentException("defaultLimit must be at least 1");
        }
        this.live = live;
        this.guard = guard;
        this.window = window;
        this.defaultLimit = defaultLimit;
    }

    @Override
    public int getOrder() {
        return AccessDecisionInstrumentation.ORDER + 20;
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(
            DataFetcher<?> fetcher,
            InstrumentationFieldFetchParameters parameters,
            @Nullable InstrumentationState state) {
        ExecutionStepInfo step = parameters.getExecutionStepInfo();
        GraphQLObjectType parent = step.getObjectType();
        if (step.getPath().getLevel() != 1
                || parent == null
                || !parent.getName().equals("Query")) {
            return fetcher;
        }
        // The root fields of the catalog version the request runs on: a lookup that a reload added is guarded too.
        Catalog catalog = live.get()
                .of(parameters.getExecutionContext().getGraphQLContext())
                .catalog();
        RootField root = catalog.rootFields().get(step.getFieldDefinition().getName());
        if (!(root instanceof LookupField) && !(root instanceof VerifyField)) {
            return fetcher;
        }
        CatalogType type = catalog.requireType(root.targetType());
        return environment -> guarded(fetcher, environment, type);
    }

    private @Nullable Object guarded(DataFetcher<?> fetcher, DataFetchingEnvironment environment, CatalogType type)
            throws Exception {
        Allowed allowed = AllowedOperation.decisionIn(environment.getGraphQlContext());
        Subject subject = FieldUses.named(type, environment.getArguments());
        if (allowed == null || subject == null) {
            // No decision: the fetcher refuses by itself. A malformed key: it is refused before any source is asked.
            return fetcher.get(environment);
        }
        RequestRecord trace = RequestRecord.of(environment.getGraphQlContext());
        if (trace != null) {
            trace.named(subject);
        }
        VerificationGuard.Reservation reservation;
        try {
            reservation = guard.reserve(new VerificationGuard.LookupMisses(allowed.consumer()), 1, limit(allowed))
                    .orElseThrow(() -> new QuotaExceededException(
                            QuotaExceededException.Kind.LOOKUP_MISSES,
                            "too many lookups that found nothing today; lookups resume tomorrow",
                            window.secondsUntilTomorrow()));
        } catch (VerificationGuard.CrowdedException e) {
            throw new QuotaExceededException(
                    QuotaExceededException.Kind.LOOKUP_MISSES,
                    "more lookups under way at once than the day's budget of lookups that find nothing has left;"
                            + " try again in a moment",
                    1);
        }
        Object result;
        try {
            result = fetcher.get(environment);
        } catch (Exception | Error e) {
            reservation.settle(0);
            throw e;
        }
        if (result instanceof CompletionStage<?> stage) {
            return stage.toCompletableFuture()
                    .whenComplete((value, failure) -> reservation.settle(failure == null && missed(value) ? 1 : 0));
        }
        reservation.settle(missed(result) ? 1 : 0);
        return result;
    }

    /** The lookup misses a day this caller may make under its decision. */
    int limit(Allowed allowed) {
        int limit = allowed.quotas().lookupMissesPerDay() > 0 ? allowed.quotas().lookupMissesPerDay() : defaultLimit;
        return allowed.lookupMissesCap() > 0 ? Math.min(limit, allowed.lookupMissesCap()) : limit;
    }

    private static boolean missed(@Nullable Object value) {
        Object data = value instanceof DataFetcherResult<?> result ? result.getData() : value;
        if (data instanceof Verifier.Result verification) {
            return verification.outcome().equals(Verifier.NO_RECORD);
        }
        return data == null;
    }
}
