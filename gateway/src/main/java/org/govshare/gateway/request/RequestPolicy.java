package org.govshare.gateway.request;

import static java.util.Objects.requireNonNull;

import graphql.GraphQLContext;
import java.time.Instant;
import org.govshare.policy.model.PolicySnapshot;
import org.jspecify.annotations.Nullable;

/**
 * The policy a request is decided under and the instant it is decided at, taken together once, when the caller's
 * schema is chosen, so that the schema, the decision and its grants' validity all agree. Put in the GraphQL context
 * under its own type by the service that chooses the schema; immutable.
 */
public record RequestPolicy(PolicySnapshot policy, Instant at) {
    public RequestPolicy {
        requireNonNull(policy, "policy is null");
        requireNonNull(at, "at is null");
    }

    /** The request's policy, or null when the request did not come through the caller pipeline. */
    public static @Nullable RequestPolicy of(GraphQLContext context) {
        return context.get(RequestPolicy.class);
    }
}
