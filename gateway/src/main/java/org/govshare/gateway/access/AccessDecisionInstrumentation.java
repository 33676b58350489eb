package org.govshare.gateway.access;

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
import java.time.Instant;
import java.util.List;
import org.govshare.gateway.audit.RequestTrace;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.read.Identity;
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
 * contract's errors (nothing is read) or leaves the {@link Allowed} plan (row filters, masks, grants) in the context
 * for the data fetchers.
 */
public final class AccessDecisionInstrumentation extends SimplePerformantInstrumentation implements Ordered {
    /** First among the instrumentations: quotas and everything else act on its decision. */
    public static final int ORDER = 0;

    /**
     * A decided operation of a fixed-shape document: the document object itself (documents come from a cache, so the
     * same text is the same object), the operation, and the caller's consumer, purpose and policy version.
     */
    private record DecisionKey(
            Identity document,
            @Nullable String operation,
            String consumer,
            @Nullable String purpose,
            long version) {}

    /** A decision and the field uses it was made on, valid until one of the caller's grants starts or ends. */
    private record Outcome(
            Decision decision,
            List<FieldUse> uses,
            @Nullable String tooComplex,
            boolean dataFields,
            Instant validUntil) {}

    private final Catalog catalog;
    private final QueryLimits limits;
    private final Cache<DecisionKey, Outcome> decisions =
            Caffeine.newBuilder().maximumSize(10_000).build();
    private final Cache<Identity, Boolean> fixedShapes =
            Caffeine.newBuilder().maximumSize(10_000).build();

    public AccessDecisionInstrumentation(Catalog catalog, QueryLimits limits) {
        this.catalog = catalog;
        this.limits = limits;
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
        PolicySnapshot policy = execution.getGraphQLContext().get(PolicySnapshot.class);
        if (caller == null || policy == null) {
            // Fail closed: a request that did not come through the caller pipeline reads nothing.
            throw new AbortExecutionException(List.of(Refusals.error(ErrorCode.UNAUTHENTICATED, "no caller")));
        }
        Identity document = new Identity(execution.getDocument());
        boolean fixed = fixedShapes.get(document, key -> OperationShapes.isFixed(execution.getDocument()));
        Outcome outcome;
        if (fixed) {
            // The walk and the decision depend only on the document and the caller's policy: decide once.
            DecisionKey key = new DecisionKey(
                    document,
                    execution.getOperationDefinition().getName(),
                    caller.consumer(),
                    caller.purpose(),
                    policy.version());
            outcome = decisions.get(key, k -> decide(execution, caller, policy));
            if (!policyNow(execution).isBefore(outcome.validUntil())) {
                outcome = decide(execution, caller, policy);
                decisions.put(key, outcome);
            }
            execution.getGraphQLContext().put(OperationShapes.FIXED_SHAPE, Boolean.TRUE);
        } else {
            outcome = decide(execution, caller, policy);
        }
        RequestTrace trace = RequestTrace.of(execution.getGraphQLContext());
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
        execution.getGraphQLContext().put(Allowed.class, decision);
        if (trace != null) {
            trace.allowed((Allowed) decision);
        }
        return null;
    }

    private Outcome decide(ExecutionContext execution, Caller caller, PolicySnapshot policy) {
        OperationFields operation = OperationFields.collect(
                catalog,
                execution.getGraphQLSchema(),
                execution.getDocument(),
                execution.getOperationDefinition().getName(),
                execution.getCoercedVariables());
        List<FieldUse> uses = operation.uses;
        String tooComplex = limits.check(operation.depth, operation.aliases, operation.fields);
        Instant now = policyNow(execution);
        Decision decision = PolicyDecider.decide(policy, caller.consumer(), caller.purpose(), uses, now);
        return new Outcome(
                decision,
                uses,
                tooComplex,
                !uses.isEmpty(),
                policy.nextChange(caller.consumer(), caller.purpose(), now));
    }

    private static Instant policyNow(ExecutionContext execution) {
        Instant now = execution.getGraphQLContext().get(Instant.class);
        return now == null ? Instant.now() : now;
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
