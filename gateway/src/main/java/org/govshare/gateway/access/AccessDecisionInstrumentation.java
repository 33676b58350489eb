package org.govshare.gateway.access;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Document;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.read.AllowedOperation;
import org.govshare.gateway.read.OperationPlan;
import org.govshare.gateway.read.SourcePlanner;
import org.govshare.gateway.request.RequestPolicy;
import org.govshare.gateway.request.RequestRecord;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.policy.evaluation.Decision;
import org.govshare.policy.evaluation.FieldUse;
import org.govshare.policy.evaluation.PolicyDecider;
import org.govshare.policy.evaluation.Refused;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.schema.catalog.Catalog;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;

/**
 * Decides on the whole operation before any field is fetched: collects every field the operation would execute
 * (through aliases and fragments), enforces the size limits, asks the policy decision, and either aborts with the
 * contract's errors (nothing is read) or leaves the {@link Allowed} decision (row filters, masks, grants) and the
 * {@link OperationPlan} of the source queries it allows in the context for the data fetchers.
 */
public final class AccessDecisionInstrumentation extends SimplePerformantInstrumentation implements Ordered {
    /** First among the instrumentations: quotas and everything else act on its decision. */
    public static final int ORDER = 0;

    /**
     * A decided operation of one fixed-shape document: the operation and who decides it. Purposes the consumer holds
     * no grant for are one scope ({@link CallerScope}), so invented purposes add no entries.
     */
    private record DecisionKey(@Nullable String operation, CallerScope scope) {}

    /**
     * A decision, the field uses it was made on and, when allowed, the source queries it plans; valid until one of
     * the caller's grants starts or ends.
     */
    private record Outcome(
            Decision decision,
            List<FieldUse> uses,
            @Nullable String tooComplex,
            boolean dataFields,
            Instant validUntil,
            @Nullable OperationPlan plan) {}

    /**
     * What is known of one parsed document: whether its shape is fixed, and the decisions made on it. Kept as long as
     * the document itself is (documents are cached, {@link org.govshare.gateway.read.DocumentCache}), never longer:
     * the cache holds documents weakly, by identity.
     */
    private static final class DocumentFacts {
        /** Callers that share one document share its view of the schema: a handful of scopes at most. */
        private static final int MAXIMUM_DECISIONS = 16;

        final boolean fixed;
        private final Map<DecisionKey, Outcome> decisions = new ConcurrentHashMap<>();

        DocumentFacts(boolean fixed) {
            this.fixed = fixed;
        }

        @Nullable
        Outcome decision(DecisionKey key) {
            return decisions.get(key);
        }

        void remember(DecisionKey key, Outcome outcome) {
            if (decisions.size() >= MAXIMUM_DECISIONS) {
                decisions.clear();
            }
            decisions.put(key, outcome);
        }
    }

    private final Catalog catalog;
    private final QueryLimits limits;
    private final Clock clock;
    private final Cache<Document, DocumentFacts> documents =
            Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

    public AccessDecisionInstrumentation(Catalog catalog, QueryLimits limits, Clock clock) {
        this.catalog = catalog;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
        ExecutionContext execution = parameters.getExecutionContext();
        Caller caller = execution.getGraphQLContext().get(Caller.class);
        RequestPolicy requestPolicy = RequestPolicy.of(execution.getGraphQLContext());
        if (caller == null || requestPolicy == null) {
            // Fail closed: a request that did not come through the caller pipeline reads nothing.
            throw new AbortExecutionException(List.of(Refusals.error(ErrorCode.UNAUTHENTICATED, "no caller")));
        }
        PolicySnapshot policy = requestPolicy.policy();
        Document document = execution.getDocument();
        RequestRecord trace = RequestRecord.of(execution.getGraphQLContext());
        if (trace != null) {
            trace.parsed(document);
        }
        DocumentFacts facts = documents.get(document, key -> new DocumentFacts(OperationShapes.isFixed(key)));
        Outcome outcome;
        if (facts.fixed) {
            // The walk and the decision depend only on the document and the caller's policy: decide once.
            DecisionKey key =
                    new DecisionKey(execution.getOperationDefinition().getName(), CallerScope.of(caller, policy));
            outcome = facts.decision(key);
            if (outcome == null || !policyNow(execution).isBefore(outcome.validUntil())) {
                outcome = decide(execution, caller, policy);
                facts.remember(key, outcome);
            }
        } else {
            outcome = decide(execution, caller, policy);
        }
        if (trace != null) {
            trace.used(outcome.uses());
        }
        if (outcome.tooComplex() != null) {
            throw new AbortExecutionException(
                    List.of(Refusals.error(ErrorCode.QUERY_TOO_COMPLEX, outcome.tooComplex())));
        }
        if (!outcome.dataFields()) {
            // Introspection only: the caller's schema already shows no more than it may use.
            return null;
        }
        Decision decision = outcome.decision();
        if (decision instanceof Refused refused) {
            throw new AbortExecutionException(errors(refused));
        }
        execution
                .getGraphQLContext()
                .put(
                        AllowedOperation.class,
                        new AllowedOperation((Allowed) decision, requireNonNull(outcome.plan(), "plan is null")));
        if (trace != null) {
            trace.allowed((Allowed) decision);
        }
        return null;
    }

    private Outcome decide(ExecutionContext execution, Caller caller, PolicySnapshot policy) {
        Instant now = policyNow(execution);
        OperationFields operation;
        try {
            operation = OperationFields.collect(
                    catalog,
                    execution.getGraphQLSchema(),
                    execution.getDocument(),
                    execution.getOperationDefinition().getName(),
                    execution.getCoercedVariables(),
                    limits);
        } catch (GovshareException e) {
            // Documents beyond the limits are refused right after parsing; this one came another way.
            return new Outcome(
                    new Refused(Refused.Reason.FORBIDDEN_FIELD, List.of()), List.of(), e.getMessage(), true, now, null);
        }
        List<FieldUse> uses = operation.uses;
        Decision decision = PolicyDecider.decide(policy, caller.consumer(), caller.purpose(), uses, now);
        // Planned with the decision, so a fixed-shape document is planned once per decision too.
        OperationPlan plan = decision instanceof Allowed allowed
                ? SourcePlanner.plan(catalog, operation.selected.values(), allowed)
                : null;
        return new Outcome(
                decision,
                uses,
                null,
                !uses.isEmpty(),
                policy.nextChange(caller.consumer(), caller.purpose(), now),
                plan);
    }

    private Instant policyNow(ExecutionContext execution) {
        RequestPolicy policy = RequestPolicy.of(execution.getGraphQLContext());
        return policy == null ? clock.instant() : policy.at();
    }

    private static List<GraphQLError> errors(Refused refused) {
        return switch (refused.reason()) {
            case PURPOSE_REQUIRED ->
                List.of(Refusals.error(
                        ErrorCode.PURPOSE_REQUIRED,
                        "Data operations need the " + CallerInterceptor.PURPOSE_HEADER + " header"));
            case PURPOSE_NOT_GRANTED ->
                List.of(Refusals.error(ErrorCode.PURPOSE_NOT_GRANTED, "No active grant for this purpose"));
            case FORBIDDEN_FIELD ->
                refused.denied().stream()
                        .map(denied -> denied.claim()
                                .map(claim -> Refusals.forbiddenClaim(denied.path(), claim))
                                .orElseGet(() -> Refusals.forbiddenField(denied.path())))
                        .toList();
        };
    }
}
