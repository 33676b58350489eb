package org.govshare.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.govshare.gateway.testing.GatewayProcess;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.RealServers;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A gateway process stopped under load ({@code SIGTERM}, as a rolling restart does) drains: it takes no new work,
 * finishes what it accepted, writes every accepted request's audit record, and exits cleanly; every response a client
 * received is a complete answer and on the record.
 */
class GracefulShutdownIT {
    private static final String DATABASE = RealServers.database("graceful");

    @Test
    void aStoppedGatewayFinishesWhatItAcceptedAndRecordsIt() throws Exception {
        RealServers.recreatePostgresDatabase(DATABASE);
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicInteger garbled = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        int exitCode;
        long drainMillis;
        GatewayProcess gateway = GatewayProcess.start(
                "graceful",
                List.of(
                        "--spring.profiles.active=demo",
                        "--govshare.demo.residents=1000",
                        "--spring.datasource.url=" + RealServers.POSTGRES + DATABASE,
                        "--spring.datasource.username=postgres",
                        "--govshare.audit.key=" + RealServers.AUDIT_KEY));
        try {
            String token = TestTokens.fromIssuer(gateway.port(), "dongguan-window");
            GraphQlHttpClient client = new GraphQlHttpClient(gateway.port());
            String body = JsonMapper.builder()
                    .build()
                    .writeValueAsString(Map.of("query", "{ resident(idNumber: \"" + R1_ID + "\") { name } }"));
            // Warm the JIT and the caller's schema up first, so that the load has a steady pace when the stop comes.
            GraphQlHttpClient warmUp = GraphQlHttpClient.of(gateway.port(), token, "PENSION_EXTENSION");
            for (int i = 0; i < 20; i++) {
                warmUp.post("{ resident(idNumber: \"" + R1_ID + "\") { name } }");
            }
            ExecutorService load = Executors.newFixedThreadPool(8);
            for (int worker = 0; worker < 8; worker++) {
                int id = worker;
                load.submit(() -> {
                    for (int request = 0; !stop.get(); request++) {
                        String caseId = "DRAIN-" + id + "-" + request;
                        HttpResponse<String> response;
                        try {
                            response = client.send(HttpRequest.newBuilder(client.endpoint())
                                    .timeout(Duration.ofSeconds(30))
                                    .header("Authorization", "Bearer " + token)
                                    .header("X-Purpose", "PENSION_EXTENSION")
                                    .header("X-Case-Id", caseId)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build());
                        } catch (RuntimeException e) {
                            // Refused or cut before an answer: nothing was answered.
                            continue;
                        }
                        if (response.statusCode() == 200 && response.body().contains("张秀英")) {
                            answered.add(caseId);
                        } else if (response.statusCode() == 200) {
                            garbled.incrementAndGet();
                        }
                    }
                });
            }
            // Stop once the load is flowing, however slow this machine is right now.
            long flowing = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (answered.size() <= 20 && System.nanoTime() < flowing) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            long stopping = System.nanoTime();
            exitCode = gateway.terminate(Duration.ofSeconds(60));
            drainMillis = (System.nanoTime() - stopping) / 1_000_000;
            stop.set(true);
            load.shutdown();
            assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            gateway.close();
        }

        Set<String> recorded = RealServers.auditedCaseIds(DATABASE);
        List<String> unrecorded = new ArrayList<>(answered);
        unrecorded.removeAll(recorded);
        System.out.printf(
                "drained and stopped in %d ms, exit code %d, %d answers%n", drainMillis, exitCode, answered.size());
        assertThat(exitCode).isIn(0, 143);
        assertThat(answered).hasSizeGreaterThan(20);
        assertThat(garbled).hasValue(0);
        assertThat(unrecorded).as("answers without an audit record").isEmpty();
        assertThat(gateway.log()).contains("Graceful shutdown").doesNotContain("the gateway is shutting down");
    }
}
