package org.govshare.gateway.error;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.InputMapDefinesTooManyFieldsException;
import graphql.introspection.GoodFaithIntrospection;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Gives every error that did not come from a data fetcher (parse and validation errors, coercion of variables) a
 * contract code and a message that names nothing beyond what the request itself named. An unknown field is
 * reported like an ungranted one ({@code FORBIDDEN_FIELD}), so probing cannot tell them apart.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public class ErrorShapingInterceptor implements WebGraphQlInterceptor {
    /** graphql-java's message for an input object field the schema does not have (validation, literal values). */
    private static final Pattern UNKNOWN_INPUT_FIELD = Pattern.compile("contains a field not in '[^']*': '([^']*)'");
    /** The same for a value given in variables. */
    private static final Pattern UNKNOWN_VARIABLE_FIELD = Pattern.compile("contains a field name '([^']*)'");

    private static final Set<String> CODES =
            Stream.of(ErrorCode.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        return chain.next(request).map(response -> {
            List<GraphQLError> errors = response.getExecutionResult().getErrors();
            if (errors.isEmpty() || errors.stream().allMatch(ErrorShapingInterceptor::hasCode)) {
                return response;
            }
            List<GraphQLError> shaped = new ArrayList<>(errors.size());
            errors.forEach(error -> shaped.add(hasCode(error) ? error : shape(error)));
            return response.transform(builder -> builder.errors(shaped));
        });
    }

    private static boolean hasCode(GraphQLError error) {
        Map<String, Object> extensions = error.getExtensions();
        return extensions != null && CODES.contains(String.valueOf(extensions.get("code")));
    }

    private static GraphqlErrorBuilder<?> unavailableInputField(GraphqlErrorBuilder<?> builder, String field) {
        return builder.message("Input field '" + field + "' is not available")
                .extensions(ErrorCode.FORBIDDEN_FIELD.extensions());
    }

    static GraphQLError shape(GraphQLError error) {
        ErrorClassification type = error.getErrorType();
        GraphqlErrorBuilder<?> builder =
                GraphqlErrorBuilder.newError().locations(error.getLocations()).errorType(type);
        if (error instanceof ValidationError validation) {
            List<String> path = validation.getQueryPath() == null ? List.of() : validation.getQueryPath();
            if (validation.getValidationErrorType() == ValidationErrorType.FieldUndefined && !path.isEmpty()) {
                return builder.message("Field '" + path.get(path.size() - 1) + "' is not available")
                        .path(List.copyOf(path))
                        .extensions(ErrorCode.FORBIDDEN_FIELD.extensions())
                        .build();
            }
            Matcher unknownInput = UNKNOWN_INPUT_FIELD.matcher(String.valueOf(validation.getMessage()));
            if (validation.getValidationErrorType() == ValidationErrorType.WrongType && unknownInput.find()) {
                // An input field (a claim) the caller's schema does not have: unknown or not granted, alike.
                return unavailableInputField(builder, unknownInput.group(1))
                        .path(List.copyOf(path))
                        .build();
            }
            return builder.message("Invalid query (" + validation.getValidationErrorType() + ")"
                            + (path.isEmpty() ? "" : " at " + String.join("/", path)))
                    .extensions(ErrorCode.INVALID_ARGUMENT.extensions())
                    .build();
        }
        if (type == graphql.ErrorType.InvalidSyntax
                && error.getMessage() != null
                && error.getMessage().contains("To prevent Denial Of Service attacks")) {
            // The parser's own size limits (characters, tokens, nesting) cut the document short.
            return builder.message("The document is too large or too deeply nested")
                    .extensions(ErrorCode.QUERY_TOO_COMPLEX.extensions())
                    .build();
        }
        if (type == graphql.ErrorType.InvalidSyntax) {
            return builder.message("Invalid query syntax")
                    .extensions(ErrorCode.INVALID_ARGUMENT.extensions())
                    .build();
        }
        if (error instanceof InputMapDefinesTooManyFieldsException) {
            Matcher unknownInput = UNKNOWN_VARIABLE_FIELD.matcher(String.valueOf(error.getMessage()));
            return unavailableInputField(builder, unknownInput.find() ? unknownInput.group(1) : "?")
                    .build();
        }
        if (error instanceof GoodFaithIntrospection.BadFaithIntrospectionError) {
            // graphql-java's good-faith check: introspection that walks a cycle of the schema or is too large. Its
            // message names introspection coordinates only (such as __Type.fields).
            return builder.message(error.getMessage())
                    .extensions(ErrorCode.QUERY_TOO_COMPLEX.extensions())
                    .build();
        }
        if (type == graphql.ErrorType.ValidationError || type == graphql.ErrorType.OperationNotSupported) {
            // Variable coercion and operation selection: the message speaks of the caller's own input.
            return builder.message(error.getMessage())
                    .extensions(ErrorCode.INVALID_ARGUMENT.extensions())
                    .build();
        }
        return builder.message("internal error")
                .path(error.getPath())
                .extensions(ErrorCode.INTERNAL.extensions())
                .build();
    }
}
