package org.govshare.gateway.read;

import static java.util.Objects.requireNonNull;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * Runs each request to {@code /graphql} with its literal values lifted into variables ({@link LiteralLifting}), before
 * the audit and everything after it, so that they all see the lifted document and its values; errors are located in
 * the caller's text.
 */
public final class LiteralLiftingInterceptor implements WebGraphQlInterceptor, Ordered {
    /** After the caller is known, before the audit interceptor. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

    private static final String CATALOG_PATH = "/graphql";

    private final LiteralLifting lifting;

    public LiteralLiftingInterceptor(LiteralLifting lifting) {
        this.lifting = requireNonNull(lifting, "lifting is null");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        // The catalog's endpoint only: the templates are typed against the catalog's schema, not the admin API's.
        LiteralLifting.Lifted lifted =
                CATALOG_PATH.equals(request.getUri().getPath()) ? lifting.lift(request.getDocument()) : null;
        if (lifted != null) {
            request.configureExecutionInput((input, builder) -> {
                Map<String, Object> variables =
                        new LinkedHashMap<>(input.getRawVariables().toMap());
                variables.putAll(lifted.values());
                return builder.query(lifted.document()).variables(variables).build();
            });
        }
        Mono<WebGraphQlResponse> response = chain.next(request);
        return lifted == null ? response : response.map(answer -> locatedInTheText(answer, lifted.locations()));
    }

    /** The answer with its errors' locations in the caller's text rather than in the lifted document. */
    private static WebGraphQlResponse locatedInTheText(WebGraphQlResponse response, LiteralLifting.Locations map) {
        List<GraphQLError> errors = response.getExecutionResult().getErrors().stream()
                .map(error ->
                        error.getLocations() == null || error.getLocations().isEmpty() ? error : relocated(error, map))
                .toList();
        return response.transform(builder -> builder.errors(errors));
    }

    private static GraphQLError relocated(GraphQLError error, LiteralLifting.Locations map) {
        GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError()
                .message(error.getMessage())
                .locations(error.getLocations().stream().map(map::original).toList())
                .errorType(error.getErrorType());
        if (error.getPath() != null) {
            builder.path(error.getPath());
        }
        if (error.getExtensions() != null) {
            builder.extensions(error.getExtensions());
        }
        return builder.build();
    }
}
