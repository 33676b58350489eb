package org.govshare.gateway.access;

import static java.util.Objects.requireNonNull;

import org.govshare.policy.workflow.Actor;
import org.jspecify.annotations.Nullable;

/**
 * Who is asking and why, on the data API and the admin API alike: the consumer (the token's subject), the
 * {@link Roles} its scopes give it, the declared purpose ({@code X-Purpose}),
 * the case handled ({@code X-Case-Id}) and the official on whose behalf ({@code X-Operator-Id}). {@code problem} is
 * set when a header is malformed; such a request is refused before anything else.
 */
public record Caller(
        String consumer,
        Roles roles,
        @Nullable String purpose,
        @Nullable String caseId,
        @Nullable String operatorId,
        @Nullable String problem) {
    public Caller {
        requireNonNull(consumer, "consumer is null");
        requireNonNull(roles, "roles is null");
    }

    /** Holds {@code gateway.admin}: the authority, which sees the whole schema. */
    public boolean isAdmin() {
        return roles.authority();
    }

    /** The caller as the share-request and correction workflows see it. */
    public Actor actor() {
        return roles.actor(consumer);
    }
}
