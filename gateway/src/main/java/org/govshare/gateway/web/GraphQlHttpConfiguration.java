package org.govshare.gateway.web;

import static org.springframework.web.servlet.function.RequestPredicates.POST;
import static org.springframework.web.servlet.function.RequestPredicates.path;

import org.govshare.gateway.error.ErrorCode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.graphql.server.webmvc.GraphQlRequestPredicates;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The GraphQL endpoint over HTTP: {@link GraphQlHttpEndpoint} in place of Spring for GraphQL's handler, the caller's
 * schema at {@code GET /graphql/schema}, and GraphQL-shaped answers where Spring Boot's routes answer with an empty
 * body (a wrong method, content type or {@code Accept} at {@code /graphql}).
 */
@Configuration(proxyBeanMethods = false)
public class GraphQlHttpConfiguration {
    static final String PATH = "/graphql";

    /** Documents of persisted queries kept over all consumers, in characters (about 8 MB of heap). */
    private static final long PERSISTED_QUERY_CHARACTERS = 4_000_000;

    @Bean
    PersistedQueries persistedQueries() {
        return new PersistedQueries(PERSISTED_QUERY_CHARACTERS);
    }

    /** Spring Boot's GraphQL auto-configuration routes {@code POST /graphql} to this handler. */
    @Bean
    GraphQlHttpHandler graphQlHttpHandler(WebGraphQlHandler handler, JsonMapper json, PersistedQueries persisted) {
        return new GraphQlHttpEndpoint(handler, json, persisted);
    }

    /** Before Spring Boot's routes (order 0), whose fallbacks answer with an empty body. */
    @Bean
    @Order(-1)
    RouterFunction<ServerResponse> graphQlHttpRoutes(GraphQlHttpHandler handler) {
        GraphQlHttpEndpoint endpoint = (GraphQlHttpEndpoint) handler;
        return refusals(PATH, RouterFunctions.route().GET(PATH + "/schema", endpoint::handleSchemaRequest))
                .build();
    }

    /**
     * Another GraphQL endpoint at {@code path} served as {@code /graphql} is, by {@link GraphQlHttpEndpoint} over
     * {@code handler} (whose interceptors make the chain): the same reading of the body, persisted queries (kept apart
     * from the data API's), statuses and media types, and the same GraphQL-shaped refusals of a wrong method,
     * content type or {@code Accept}.
     */
    public static RouterFunction<ServerResponse> endpoint(String path, WebGraphQlHandler handler, JsonMapper json) {
        GraphQlHttpEndpoint endpoint =
                new GraphQlHttpEndpoint(handler, json, new PersistedQueries(PERSISTED_QUERY_CHARACTERS / 4));
        RequestPredicate graphQl = GraphQlRequestPredicates.graphQlHttp(path);
        return refusals(path, RouterFunctions.route().route(graphQl, endpoint::handleRequest))
                .build();
    }

    private static RouterFunctions.Builder refusals(String path, RouterFunctions.Builder routes) {
        RequestPredicate graphQl =
                GraphQlRequestPredicates.graphQlHttp(path).or(GraphQlRequestPredicates.graphQlSse(path));
        return routes.route(POST(path).and(graphQl.negate()), GraphQlHttpConfiguration::unsupported)
                .route(
                        path(path)
                                .and(request ->
                                        request.method() != HttpMethod.POST && request.method() != HttpMethod.OPTIONS),
                        GraphQlHttpConfiguration::onlyPost);
    }

    /** A POST whose body is not JSON (415), or whose client accepts no GraphQL response type (406). */
    private static ServerResponse unsupported(ServerRequest request) {
        boolean json;
        try {
            json = request.headers()
                    .contentType()
                    .map(type -> MediaType.APPLICATION_JSON.includes(type)
                            || type.equalsTypeAndSubtype(MediaType.parseMediaType("application/graphql")))
                    .orElse(false);
        } catch (InvalidMediaTypeException e) {
            json = false;
        }
        if (json) {
            return error(
                    request,
                    HttpStatus.NOT_ACCEPTABLE,
                    "Not acceptable: GraphQL responses are application/graphql-response+json or application/json");
        }
        return ServerResponse.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .header("Accept", MediaType.APPLICATION_JSON_VALUE)
                .contentType(RequestErrors.responseType(request.servletRequest()))
                .body(RequestErrors.body(
                        ErrorCode.INVALID_ARGUMENT, "Unsupported content type: send application/json"));
    }

    private static ServerResponse onlyPost(ServerRequest request) {
        return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
                .allow(HttpMethod.POST)
                .contentType(RequestErrors.responseType(request.servletRequest()))
                .body(RequestErrors.body(
                        ErrorCode.INVALID_ARGUMENT, "Method not allowed here: GraphQL requests are POST"));
    }

    private static ServerResponse error(ServerRequest request, HttpStatus status, String message) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(RequestErrors.body(ErrorCode.INVALID_ARGUMENT, message));
    }
}
