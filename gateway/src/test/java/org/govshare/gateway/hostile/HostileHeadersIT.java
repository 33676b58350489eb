package org.govshare.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.govshare.gateway.testing.GatewayProcess;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.HostileGateway;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 18, class 1: malformed governance headers (over-long, wrong characters) sent by one consumer while another
 * works normally. Before, the raw over-long value went into the audit record, its column overflowed, the group commit
 * failed, and every concurrent request of every consumer was answered SOURCE_UNAVAILABLE without a record. Now the
 * hostile requests are refused (INVALID_ARGUMENT) and recorded without the malformed values, and the other consumer's
 * requests are all answered and all recorded.
 */
class HostileHeadersIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LOOKUP = "{ resident(idNumber: \"" + R1_ID + "\") { name } }";
    private static final int ROUNDS = 40;

    /** Header name and a malformed value: each beyond its bound or with characters it may not have. */
    private static final List<Map.Entry<String, String>> HOSTILE = List.of(
            Map.entry("X-Case-Id", "c".repeat(200)),
            Map.entry("X-Case-Id", "x".repeat(8_000)),
            Map.entry("X-Case-Id", "é".repeat(200)),
            Map.entry("X-Case-Id", "case'; DROP TABLE audit_record; --"),
            Map.entry("X-Operator-Id", "o".repeat(129)),
            Map.entry("X-Operator-Id", "clerk<script>"),
            Map.entry("X-Purpose", "P".repeat(65)),
            Map.entry("X-Purpose", "pension_extension"));

    @Test
    void malformedHeadersOfOneConsumerNeitherFailNorHideTheOthers() throws Exception {
        GatewayProcess gateway = HostileGateway.shared();
        GraphQlHttpClient http = new GraphQlHttpClient(gateway.port());
        String good = TestTokens.fromIssuer(gateway.port(), "dongguan-window");
        String hostile = TestTokens.fromIssuer(gateway.port(), "street-office-441900");
        String run = UUID.randomUUID().toString().substring(0, 8);
        long before = AuditRecords.last();
        Set<String> goodCases = ConcurrentHashMap.newKeySet();
        List<String> goodFailures = new ArrayList<>();
        List<String> hostileAnswers = new ArrayList<>();

        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> running = new ArrayList<>();
        for (int worker = 0; worker < 4; worker++) {
            int id = worker;
            running.add(clients.submit(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    String caseId = "GOOD-" + run + "-" + id + "-" + i;
                    HttpResponse<String> response = http.send(request(http, good)
                            .header("X-Purpose", "PENSION_EXTENSION")
                            .header("X-Case-Id", caseId)
                            .header("X-Operator-Id", "clerk-17")
                            .build());
                    if (response.statusCode() == 200 && response.body().contains("张秀英")) {
                        goodCases.add(caseId);
                    } else {
                        synchronized (goodFailures) {
                            goodFailures.add(response.statusCode() + " " + response.body());
                        }
                    }
                }
            }));
            running.add(clients.submit(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    Map.Entry<String, String> header = HOSTILE.get((id * ROUNDS + i) % HOSTILE.size());
                    HttpRequest.Builder request = request(http, hostile);
                    if (!header.getKey().equals("X-Purpose")) {
                        request.header("X-Purpose", "GRASSROOTS_RETURN");
                    }
                    HttpResponse<String> response = http.send(
                            request.header(header.getKey(), header.getValue()).build());
                    synchronized (hostileAnswers) {
                        hostileAnswers.add(response.statusCode() + " " + response.body());
                    }
                }
            }));
        }
        for (Future<?> client : running) {
            client.get(5, TimeUnit.MINUTES);
        }
        clients.shutdown();

        assertThat(goodFailures).as("answers to the well-behaved consumer").isEmpty();
        assertThat(goodCases).hasSize(4 * ROUNDS);
        assertThat(hostileAnswers).hasSize(4 * ROUNDS);
        for (String answer : hostileAnswers) {
            JsonNode body = JSON.readTree(answer.substring(answer.indexOf(' ') + 1));
            assertThat(body.at("/errors/0/extensions/code").asString())
                    .as(answer)
                    .isEqualTo("INVALID_ARGUMENT");
            assertThat(body.has("data") && !body.get("data").isNull())
                    .as(answer)
                    .isFalse();
        }

        // Every request is on the record: the good ones with their case, the hostile ones without the bad values.
        List<AuditRecords.Row> goodRecords = AuditRecords.of("dongguan-window", before);
        List<AuditRecords.Row> hostileRecords = AuditRecords.of("street-office-441900", before);
        assertThat(goodRecords).extracting(AuditRecords.Row::caseId).containsAll(goodCases);
        assertThat(hostileRecords).hasSize(4 * ROUNDS);
        for (AuditRecords.Row record : hostileRecords) {
            assertThat(record.outcome()).isEqualTo("DENIED");
            assertThat(record.codes()).isEqualTo("INVALID_ARGUMENT");
            for (Map.Entry<String, String> header : HOSTILE) {
                assertThat(List.of(
                                String.valueOf(record.caseId()),
                                String.valueOf(record.operatorId()),
                                String.valueOf(record.purpose())))
                        .doesNotContain(header.getValue());
            }
        }
    }

    private static HttpRequest.Builder request(GraphQlHttpClient http, String token) {
        return HttpRequest.newBuilder(http.endpoint())
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", LOOKUP))));
    }
}
