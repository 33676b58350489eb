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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo pension fund's verification jobs over {@code /jobs}, for tests that need a job to look at: submitted with a
 * client-credentials token from the demo issuer, purpose {@code PENSION_ELIGIBILITY_CHECK}, on behalf of one official
 * handling one case.
 */
public final class DemoJobs {
    public static final String CONSUMER = "pension-fund";
    public static final String PURPOSE = "PENSION_ELIGIBILITY_CHECK";
    public static final String CASE = "PENSION-2026-12";
    public static final String OPERATOR = "fund-clerk-3";

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;
    private final String token;

    public DemoJobs(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.token = TestTokens.fromIssuer(port, CONSUMER);
    }

    /** Submits a job verifying each resident's name (CSV {@code idNumber,name}); its id. */
    public String submitNames(String csv) {
        HttpResponse<String> response = send(request("/jobs/verify?type=" + encode("Resident"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JsonMapper.builder().build().readTree(response.body()).get("id").asString();
    }

    /** Waits until the job no longer runs; its progress as {@code GET /jobs/{id}} shows it. */
    public JsonNode awaitFinished(String id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            HttpResponse<String> response = send(request("/jobs/" + id).GET().build());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode progress = JsonMapper.builder().build().readTree(response.body());
            if (!progress.get("state").asString().equals("RUNNING")) {
                return progress;
            }
            assertThat(Instant.now()).as("job %s still running", id).isBefore(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("X-Purpose", PURPOSE)
                .header("X-Case-Id", CASE)
                .header("X-Operator-Id", OPERATOR);
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
