package org.govshare.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Sends GraphQL documents to a running gateway over real HTTP, as a consumer application would. */
public final class GraphQlHttpClient {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;
    private final Map<String, String> headers;

    /** A client without credentials. */
    public GraphQlHttpClient(int port) {
        this(port, Map.of());
    }

    /** A client that sends these headers (e.g. Authorization, X-Purpose) with every request. */
    public GraphQlHttpClient(int port, Map<String, String> headers) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/graphql");
        this.headers = Map.copyOf(headers);
    }

    /** A client for a bearer token and a purpose (null: no X-Purpose header). */
    public static GraphQlHttpClient of(int port, String token, @Nullable String purpose) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        if (purpose != null) {
            headers.put("X-Purpose", purpose);
        }
        return new GraphQlHttpClient(port, headers);
    }

    /**
     * Posts a document and returns the whole response body. The status must be 200; or for an operation refused as a
     * whole, 400 (parsing, validation, access: GraphQL over HTTP, {@code application/graphql-response+json}), 401,
     * 429 (a quota) or 503 (a store unavailable); never a server error.
     */
    public JsonNode post(String document) {
        return post(document, Map.of());
    }

    public JsonNode post(String document, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        HttpResponse<String> response = send(JSON.writeValueAsString(body));
        assertThat(response.statusCode())
                .as("HTTP status of %s", response.body())
                .isIn(200, 400, 401, 429, 503);
        JsonNode json = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            assertThat(json.has("data"))
                    .as("a request error has no data: %s", json)
                    .isFalse();
        }
        return json;
    }

    /** Posts a raw body (possibly malformed) and returns the HTTP response as it is. */
    public HttpResponse<String> send(String rawBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Accept", "application/graphql-response+json, application/json")
                .POST(HttpRequest.BodyPublishers.ofString(rawBody));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** Sends any request as it is. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public HttpResponse<String> get(String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(endpoint.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        return JSON.treeToValue(node, type);
    }
}
