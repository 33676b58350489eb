package org.govshare.gateway.read;

import static java.util.Objects.requireNonNull;

import graphql.GraphQLContext;
import org.govshare.policy.evaluation.Allowed;
import org.jspecify.annotations.Nullable;

/**
 * What the access decision lets an operation do: the decision (grants, row filters, masks, quotas) and the plan of
 * every statement the sources will receive under it. Put in the GraphQL context under its own type, once, by the
 * access decision; read by the fetchers, the verification and the quotas. Without it, nothing is read.
 */
public record AllowedOperation(Allowed decision, OperationPlan plan) {
    public AllowedOperation {
        requireNonNull(decision, "decision is null");
        requireNonNull(plan, "plan is null");
    }

    /** The operation's allowance, or null when no decision allowed it (introspection, or the decision was bypassed). */
    public static @Nullable AllowedOperation of(GraphQLContext context) {
        return context.get(AllowedOperation.class);
    }

    /** The decision of the operation's allowance, or null when there is none. */
    public static @Nullable Allowed decisionIn(GraphQLContext context) {
        AllowedOperation allowed = of(context);
        return allowed == null ? null : allowed.decision();
    }
}
