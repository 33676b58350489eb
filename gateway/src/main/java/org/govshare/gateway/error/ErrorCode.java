package org.govshare.gateway.error;

import java.util.Map;

/** The contract's closed set of {@code errors[].extensions.code} values (see DESIGN.md). */
public enum ErrorCode {
    UNAUTHENTICATED,
    PURPOSE_REQUIRED,
    PURPOSE_NOT_GRANTED,
    FORBIDDEN_FIELD,
    ROW_LIMIT_EXCEEDED,
    QUOTA_EXCEEDED,
    QUERY_TOO_COMPLEX,
    INVALID_ARGUMENT,
    SOURCE_UNAVAILABLE,
    INTERNAL;

    /** The {@code extensions} of a GraphQL error with this code. */
    public Map<String, Object> extensions() {
        return Map.of("code", name());
    }
}
