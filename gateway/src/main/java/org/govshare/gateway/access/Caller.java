package org.govshare.gateway.access;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is asking and why: the consumer (the token's subject), its scopes, the declared purpose ({@code X-Purpose}),
 * the case handled ({@code X-Case-Id}) and the official on whose behalf ({@code X-Operator-Id}). {@code problem} is
 * set when a header is malformed; such a request is refused before anything else.
 */
public record Caller(
        String consumer,
        Set<String> scopes,
        @Nullable String purpose,
        @Nullable String caseId,
        @Nullable String operatorId,
        @Nullable String problem) {
    public Caller {
        requireNonNull(consumer, "consumer is null");
        scopes = Set.copyOf(scopes);
    }

    public boolean isAdmin() {
        return scopes.contains("gateway.admin");
    }
}
