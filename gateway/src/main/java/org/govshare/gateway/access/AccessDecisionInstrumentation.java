package org.govshare.gateway.access;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import java.util.List;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.policy.evaluation.Decision;
import org.govshare.policy.evaluation.FieldUse;
import org.govshare.policy.evaluation.PolicyDecider;
import org.govshare.policy.evaluation.Refused;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.schema.catalog.Catalog;
import org.jspecify.annotations.Nullable;

/**
 * Decides on the whole operation before any field is fetched: collects every field the operation would execute
 * (through aliases and fragments), enforces the size limits, asks the policy decision, and either aborts with the
 * contract's errors (nothing is read) or leaves the {@link Allowed} plan (row filters, masks, grants) in the context
 * for the data fetchers.
 */
public final class AccessDecisionInstrumentation extends SimplePerformantInstrumentation {
    private final Catalog catalog;
    private final QueryLimits limits;

    public AccessDecisionInstrumentation(Catalog catalog, QueryLimits limits) {
        this.catalog = catalog;
        this.limits = limits;
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
        OperationFields operation = OperationFields.collect(
                catalog,
                execution.getGraphQLSchema(),
                execution.getDocument(),
                execution.getOperationDefinition().getName(),
                execution.getCoercedVariables());
        List<FieldUse> uses = operation.uses;
        String tooComplex = limits.check(operation.depth, operation.aliases, operation.fields);
        if (tooComplex != null) {
            throw new AbortExecutionException(List.of(Refusals.error(ErrorCode.QUERY_TOO_COMPLEX, tooComplex)));
        }
        if (uses.isEmpty()) {
            // Introspection only: the caller's schema already shows no more than it may use.
            return null;
        }
        Decision decision = PolicyDecider.decide(policy, caller.consumer(), caller.purpose(), uses, policyNow(execution));
        if (decision instanceof Refused refused) {
            throw new AbortExecutionException(errors(refused));
        }
        execution.getGraphQLContext().put(Allowed.class, decision);
        return null;
    }

    private static java.time.Instant policyNow(ExecutionContext execution) {
        java.time.Instant now = execution.getGraphQLContext().get(java.time.Instant.class);
        return now == null ? java.time.Instant.now() : now;
    }

    private static List<GraphQLError> errors(Refused refused) {
        return switch (refused.reason()) {
            case PURPOSE_REQUIRED -> List.of(Refusals.error(
                    ErrorCode.PURPOSE_REQUIRED, "Data operations need the " + CallerInterceptor.PURPOSE_HEADER + " header"));
            case PURPOSE_NOT_GRANTED -> List.of(Refusals.error(
                    ErrorCode.PURPOSE_NOT_GRANTED, "No active grant for this purpose"));
            case FORBIDDEN_FIELD -> refused.denied().stream()
                    .map(denied -> Refusals.forbiddenField(denied.path()))
                    .toList();
        };
    }
}
