package org.govshare.gateway.hostile;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** The suite's GraphQL requests: a document with a token, a purpose and a case, answered as plain JSON. */
final class Requests {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Requests() {}

    static HttpRequest post(
            GraphQlHttpClient http, String token, String purpose, @Nullable String caseId, String document) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.endpoint())
                .header("Authorization", "Bearer " + token)
                .header("X-Purpose", purpose)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", document))));
        if (caseId != null) {
            request.header("X-Case-Id", caseId);
        }
        return request.build();
    }
}
