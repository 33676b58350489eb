package org.govshare.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The admin API ({@code POST /admin/graphql}) over real HTTP, with a token from the demo issuer. */
public final class AdminApi {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final int port;

    public AdminApi(int port) {
        this.port = port;
    }

    /** Posts a raw body as {@code client} and returns the response as it is. */
    public HttpResponse<String> post(String client, String body) {
        return postWithToken(TestTokens.fromIssuer(port, client), body);
    }

    /**
     * Posts a raw body with a bearer token, accepting {@code application/json} as the console does (refusals before
     * execution are HTTP 200 then), and returns the response as it is.
     */
    public HttpResponse<String> postWithToken(String token, String body) {
        return postWithToken(token, body, Map.of("Accept", "application/json"));
    }

    /** Posts a raw body with a bearer token and these headers, and returns the response as it is. */
    public HttpResponse<String> postWithToken(String token, String body, Map<String, String> headers) {
        GraphQlHttpClient http = GraphQlHttpClient.of(port, token, null);
        HttpRequest.Builder request = HttpRequest.newBuilder(http.endpoint().resolve("/admin/graphql"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build());
    }

    /** Runs a document with variables as {@code client}; the response must be HTTP 200 without errors. */
    public JsonNode query(String client, String document, Map<String, Object> variables) {
        HttpResponse<String> response =
                post(client, JSON.writeValueAsString(Map.of("query", document, "variables", variables)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.has("errors")).as(response.body()).isFalse();
        return json.get("data");
    }

    /** Runs a document with a bearer token; the whole response (data and errors). */
    public JsonNode queryWithToken(String token, String document, Map<String, Object> variables) {
        HttpResponse<String> response =
                postWithToken(token, JSON.writeValueAsString(Map.of("query", document, "variables", variables)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Runs a document as {@code client}; the whole response (data and errors). */
    public JsonNode attempt(String client, String document, Map<String, Object> variables) {
        return queryWithToken(TestTokens.fromIssuer(port, client), document, variables);
    }

    /** {@code explain} as the authority. */
    public JsonNode explain(String consumer, String purpose, String document) {
        String query = "query($c: ID!, $p: String!, $d: String!) { explain(consumer: $c, purpose: $p, document: $d) {"
                + " allowed denied grants rowFilters masks sourceQueries { source sql } problems } }";
        return query("authority-admin", query, Map.of("c", consumer, "p", purpose, "d", document))
                .get("explain");
    }
}
