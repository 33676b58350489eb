package org.govshare.gateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.govshare.connector.source.ProcessorSlots;
import org.govshare.gateway.error.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.graphql.support.DefaultGraphQlRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.function.AsyncServerResponse;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /graphql} as GraphQL over HTTP prescribes it. The body is read strictly: a request that is not a JSON
 * object with a string {@code query} and, where present, a string {@code operationName} and object {@code variables}
 * and {@code extensions} is refused with HTTP 400 and {@code INVALID_ARGUMENT} before anything runs (a number is not
 * coerced into a document, a batch array is not a request). Automatic persisted queries work as Apollo and urql clients
 * expect ({@link PersistedQueries}). The status of an answer follows the specification for
 * {@code application/graphql-response+json}, and a whole operation refused by a quota is 429, one refused because a
 * store or source is unavailable 503, whatever the media type, so that retry middleware sees them.
 */
public final class GraphQlHttpEndpoint extends GraphQlHttpHandler {
    private static final Logger log = LoggerFactory.getLogger(GraphQlHttpEndpoint.class);
    static final String MY_SCHEMA = "query MySchema { mySchema }";
    /** How long the request thread waits for its answer before it hands the rest to an asynchronous dispatch. */
    static final Duration SYNCHRONOUS_WAIT = Duration.ofSeconds(1);

    private final WebGraphQlHandler graphQl;
    private final JsonMapper json;
    private final PersistedQueries persisted;

    public GraphQlHttpEndpoint(WebGraphQlHandler graphQl, JsonMapper json, PersistedQueries persisted) {
        super(graphQl);
        this.graphQl = graphQl;
        this.json = json;
        this.persisted = persisted;
    }

    @Override
    public ServerResponse handleRequest(ServerRequest request) {
        Body body;
        try {
            body = read(request);
        } catch (Malformed malformed) {
            log.debug("refused a malformed GraphQL request: {}", malformed.getMessage());
            return refuse(request, malformed.getMessage());
        }
        String document = body.query();
        if (body.persistedHash() != null) {
            // The API's security chain keeps no servlet principal: the authentication is in the security context.
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            String consumer = authentication == null ? "" : authentication.getName();
            if (document == null) {
                document = persisted.find(consumer, body.persistedHash());
                if (document == null) {
                    // The message is what Apollo's and urql's persisted-query links look for before sending the text.
                    return refuse(request, PersistedQueries.NOT_FOUND);
                }
            } else if (!persisted.remember(consumer, body.persistedHash(), document)) {
                return refuse(request, "The persisted query hash does not match the query");
            }
        }
        if (document == null || document.isBlank()) {
            return refuse(request, "The request has no query: send {\"query\": \"…\"}");
        }
        return answer(
                request,
                graphQl.handleRequest(graphQlRequest(
                        request,
                        new DefaultGraphQlRequest(
                                document, body.operationName(), body.variables(), body.extensions()))));
    }

    /**
     * The answer, written on the request's own dispatch: the request thread waits for its operation and audit record
     * (a commit takes milliseconds). Answering asynchronously instead ran Tomcat, the security chain and the
     * {@code DispatcherServlet} a second time for every request, about a fifth of a key lookup's CPU. Only an answer
     * that takes longer than {@link #SYNCHRONOUS_WAIT} (a control plane that hangs) goes asynchronous, so that such
     * requests do not hold worker threads; failures take the asynchronous path too, so they are handled as before.
     */
    private ServerResponse answer(ServerRequest request, Mono<WebGraphQlResponse> pending) {
        CompletableFuture<WebGraphQlResponse> answered = pending.toFuture();
        try {
            WebGraphQlResponse response = awaitAnswer(answered);
            ServerResponse prepared = prepareResponse(request, Mono.just(response));
            // Spring for GraphQL always answers through a future; this one is complete, so nothing blocks.
            return prepared instanceof AsyncServerResponse async ? async.block() : prepared;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Answered on an asynchronous dispatch, as every request was before.
        }
        return prepareResponse(request, Mono.fromFuture(answered));
    }

    /** Waits for the answer (mostly its audit record's commit) without holding a {@link ProcessorSlots slot}. */
    private static WebGraphQlResponse awaitAnswer(CompletableFuture<WebGraphQlResponse> answered)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (answered.isDone()) {
            return answered.get();
        }
        ProcessorSlots.Wait waiting = ProcessorSlots.waiting();
        try {
            return answered.get(SYNCHRONOUS_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            waiting.close();
        }
    }

    /**
     * {@code GET /graphql/schema}: the caller's own schema as SDL ({@code text/plain}), for code generators and
     * schema tools. It runs {@value #MY_SCHEMA} like any other request (same token, {@code X-Purpose}, audit and
     * errors), so it is exactly what introspection shows the caller.
     */
    public ServerResponse handleSchemaRequest(ServerRequest request) {
        return ServerResponse.async(
                graphQl.handleRequest(graphQlRequest(request, new DefaultGraphQlRequest(MY_SCHEMA, null, null, null)))
                        .map(response -> {
                            Object data = response.getExecutionResult().getData();
                            if (data instanceof Map<?, ?> fields && fields.get("mySchema") instanceof String schema) {
                                return ServerResponse.ok()
                                        .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                                        .body(schema);
                            }
                            MediaType type = RequestErrors.responseType(request.servletRequest());
                            HttpStatus status = selectResponseStatus(response, type);
                            return ServerResponse.status(status == HttpStatus.OK ? HttpStatus.BAD_REQUEST : status)
                                    .headers(headers -> headers.putAll(response.getResponseHeaders()))
                                    .contentType(type)
                                    .body(Map.of(
                                            "errors",
                                            response.getExecutionResult().getErrors().stream()
                                                    .map(error -> error.toSpecification())
                                                    .toList()));
                        })
                        .toFuture());
    }

    private static WebGraphQlRequest graphQlRequest(ServerRequest request, DefaultGraphQlRequest body) {
        return new WebGraphQlRequest(
                request.uri(),
                request.headers().asHttpHeaders(),
                null,
                request.remoteAddress().orElse(null),
                request.attributes(),
                body,
                UUID.randomUUID().toString(),
                LocaleContextHolder.getLocale());
    }

    @Override
    protected HttpStatus selectResponseStatus(WebGraphQlResponse response, MediaType responseMediaType) {
        if (!response.getExecutionResult().isDataPresent()) {
            boolean quota = false;
            boolean unavailable = false;
            for (var error : response.getExecutionResult().getErrors()) {
                Object code = error.getExtensions() == null
                        ? null
                        : error.getExtensions().get("code");
                quota |= ErrorCode.QUOTA_EXCEEDED.name().equals(code);
                unavailable |= ErrorCode.SOURCE_UNAVAILABLE.name().equals(code);
            }
            if (quota) {
                return HttpStatus.TOO_MANY_REQUESTS;
            }
            if (unavailable) {
                return HttpStatus.SERVICE_UNAVAILABLE;
            }
        }
        return super.selectResponseStatus(response, responseMediaType);
    }

    private ServerResponse refuse(ServerRequest request, String message) {
        return ServerResponse.badRequest()
                .contentType(RequestErrors.responseType(request.servletRequest()))
                .body(RequestErrors.body(ErrorCode.INVALID_ARGUMENT, message));
    }

    /** A well-formed request body; {@code query} is null only when a persisted query's hash stands for it. */
    private record Body(
            @Nullable String query,
            @Nullable String operationName,
            @Nullable Map<String, Object> variables,
            @Nullable Map<String, Object> extensions,
            @Nullable String persistedHash) {}

    private Body read(ServerRequest request) throws Malformed {
        JsonNode root;
        try (InputStream in = request.servletRequest().getInputStream()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                throw new Malformed("The request has no body: send a JSON object {\"query\": \"…\"}");
            }
            root = json.readTree(bytes);
        } catch (JacksonException e) {
            throw new Malformed("The request body is not valid JSON");
        } catch (IOException e) {
            throw new Malformed("The request body could not be read");
        }
        if (!(root instanceof ObjectNode object)) {
            throw new Malformed(
                    "The request body must be one JSON object {\"query\": \"…\"}; batches are not accepted");
        }
        String query = text(object, "query");
        String operationName = text(object, "operationName");
        Map<String, Object> variables = map(object, "variables");
        Map<String, Object> extensions = map(object, "extensions");
        String hash;
        try {
            hash = extensions == null ? null : PersistedQueries.hashOf(object.get("extensions"));
        } catch (IllegalArgumentException e) {
            throw new Malformed(e.getMessage());
        }
        if (query == null && hash == null) {
            throw new Malformed("The request has no query: send {\"query\": \"…\"}");
        }
        return new Body(query, operationName, variables, extensions, hash);
    }

    private static @Nullable String text(ObjectNode body, String name) throws Malformed {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new Malformed("\"" + name + "\" must be a string");
        }
        return value.asString();
    }

    private @Nullable Map<String, Object> map(ObjectNode body, String name) throws Malformed {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new Malformed("\"" + name + "\" must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> converted = json.treeToValue(value, LinkedHashMap.class);
        return converted;
    }

    /** The request is not a well-formed GraphQL-over-HTTP request; the message says why, in the caller's terms. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
