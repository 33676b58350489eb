package org.govshare.gateway.access;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.util.List;
import org.govshare.gateway.error.ErrorCode;
import org.springframework.graphql.execution.ErrorType;

/** Builds the GraphQL errors of refusals decided before execution, with the contract's codes. */
final class Refusals {
    private Refusals() {}

    static GraphQLError error(ErrorCode code, String message) {
        return GraphqlErrorBuilder.newError()
                .errorType(ErrorType.FORBIDDEN)
                .message(message)
                .extensions(code.extensions())
                .build();
    }

    /** A claim the caller may not make; the message names it by the path the caller wrote. */
    static GraphQLError forbiddenClaim(List<Object> path, String claim) {
        return GraphqlErrorBuilder.newError()
                .errorType(ErrorType.FORBIDDEN)
                .message("Claim '" + claim + "' is not available")
                .path(path)
                .extensions(ErrorCode.FORBIDDEN_FIELD.extensions())
                .build();
    }

    static GraphQLError forbiddenField(List<Object> path) {
        Object last = path.get(path.size() - 1);
        return GraphqlErrorBuilder.newError()
                .errorType(ErrorType.FORBIDDEN)
                .message("Field '" + last + "' is not available")
                .path(path)
                .extensions(ErrorCode.FORBIDDEN_FIELD.extensions())
                .build();
    }
}
