package org.govshare.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The verification jobs' HTTP API as a consumer calls it: bearer token, purpose, case and operator headers. */
public final class JobClient {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;
    private final String token;
    private final String purpose;
    private final String caseId;
    private final String operatorId;

    public JobClient(int port, String token, String purpose) {
        this(port, token, purpose, "MONTHLY-2026-12", "clerk-007");
    }

    public JobClient(int port, String token, String purpose, String caseId, String operatorId) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.token = token;
        this.purpose = purpose;
        this.caseId = caseId;
        this.operatorId = operatorId;
    }

    /** {@code POST /jobs/verify?type=…[&claims=…]} with the subjects; the raw response. */
    public HttpResponse<String> submit(String type, @Nullable String claims, String contentType, String subjects) {
        String query = "type=" + encode(type) + (claims == null ? "" : "&claims=" + encode(claims));
        return send(request("/jobs/verify?" + query)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(subjects))
                .build());
    }

    /** Submits and expects 202: the job's id. */
    public String submitted(String type, @Nullable String claims, String contentType, String subjects) {
        HttpResponse<String> response = submit(type, claims, contentType, subjects);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode job = JSON.readTree(response.body());
        assertThat(response.headers().firstValue("Location"))
                .contains("/jobs/" + job.get("id").asString());
        return job.get("id").asString();
    }

    public JsonNode progress(String id) {
        return json(get("/jobs/" + id, null), 200);
    }

    /** Polls the job's progress until it is no longer running (the runner works asynchronously). */
    public JsonNode awaitFinished(String id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            JsonNode progress = progress(id);
            if (!progress.get("state").asString().equals("RUNNING")) {
                return progress;
            }
            assertThat(Instant.now())
                    .as("job %s still running: %s", id, progress)
                    .isBefore(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every outcome, page by page: {@code key=outcome[claim=outcome…]}. */
    public List<String> results(String id, int pageSize) {
        List<String> outcomes = new ArrayList<>();
        int from = 0;
        while (true) {
            JsonNode page = json(get("/jobs/" + id + "/results?from=" + from + "&first=" + pageSize, null), 200);
            for (JsonNode result : page.get("results")) {
                StringBuilder line = new StringBuilder(result.get("key").asString() + "="
                        + result.get("outcome").asString());
                for (JsonNode claim : result.get("claims")) {
                    line.append(' ')
                            .append(claim.get("claim").asString())
                            .append('=')
                            .append(claim.get("outcome").asString());
                }
                outcomes.add(line.toString());
            }
            if (page.get("next").isNull()) {
                return outcomes;
            }
            from = page.get("next").asInt();
        }
    }

    public HttpResponse<String> get(String path, @Nullable String accept) {
        HttpRequest.Builder request = request(path).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return send(request.build());
    }

    public HttpResponse<String> post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    public static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("X-Purpose", purpose)
                .header("X-Case-Id", caseId)
                .header("X-Operator-Id", operatorId);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
