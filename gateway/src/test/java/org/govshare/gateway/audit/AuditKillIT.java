package org.govshare.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;

import java.sql.SQLException;
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
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway is killed with {@code kill -9} under load; afterwards, every response a client received has its record
 * in the audit trail on PostgreSQL, and the chain is intact: a response leaves only once its record is durable.
 */
class AuditKillIT {
    private static final String DATABASE = RealServers.database("audit_kill");

    @Test
    void everyResponseAClientReceivedIsOnTheRecordAfterKillNine() throws Exception {
        RealServers.recreatePostgresDatabase(DATABASE);
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        try (GatewayProcess gateway = GatewayProcess.start(
                "kill",
                List.of(
                        "--spring.profiles.active=demo",
                        "--govshare.demo.residents=1000",
                        "--spring.datasource.url=" + RealServers.POSTGRES + DATABASE,
                        "--spring.datasource.username=postgres",
                        "--govshare.audit.key=" + RealServers.AUDIT_KEY))) {
            String token = TestTokens.fromIssuer(gateway.port(), "dongguan-window");
            GraphQlHttpClient client = new GraphQlHttpClient(gateway.port());
            // The first requests after start-up warm the JIT and the caller's schema up; the load comes after.
            GraphQlHttpClient warmUp = GraphQlHttpClient.of(gateway.port(), token, "PENSION_EXTENSION");
            for (int i = 0; i < 20; i++) {
                warmUp.post("{ resident(idNumber: \"" + R1_ID + "\") { name } }");
            }
            ExecutorService load = Executors.newFixedThreadPool(8);
            for (int worker = 0; worker < 8; worker++) {
                int id = worker;
                load.submit(() -> {
                    JsonMapper json = JsonMapper.builder().build();
                    for (int request = 0; !stop.get(); request++) {
                        String caseId = "KILL-" + id + "-" + request;
                        String body = json.writeValueAsString(
                                Map.of("query", "{ resident(idNumber: \"" + R1_ID + "\") { name } }"));
                        sent.incrementAndGet();
                        try {
                            var response = client.send(java.net.http.HttpRequest.newBuilder(client.endpoint())
                                    .header("Authorization", "Bearer " + token)
                                    .header("X-Purpose", "PENSION_EXTENSION")
                                    .header("X-Case-Id", caseId)
                                    .header("Content-Type", "application/json")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                    .build());
                            JsonNode answer = json.readTree(response.body());
                            if (response.statusCode() == 200
                                    && "张秀英"
                                            .equals(answer.at("/data/resident/name")
                                                    .asString(""))) {
                                received.add(caseId);
                            }
                        } catch (RuntimeException e) {
                            // The gateway is gone: this request got no response.
                            return;
                        }
                    }
                });
            }
            // Kill once answers flow, however slow this machine is right now.
            long flowing = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() <= 50 && System.nanoTime() < flowing) {
                Thread.sleep(50);
            }
            Thread.sleep(300);
            gateway.kill();
            stop.set(true);
            load.shutdown();
            assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        Set<String> recorded = RealServers.auditedCaseIds(DATABASE);
        List<String> unrecorded = new ArrayList<>(received);
        unrecorded.removeAll(recorded);
        assertThat(received)
                .as("responses received before the kill (of %d sent)", sent.get())
                .hasSizeGreaterThan(50);
        assertThat(unrecorded).as("responses without an audit record").isEmpty();
        assertThat(chainAfterTheCrash().ok()).isTrue();
    }

    private static AuditTrail.ChainCheck chainAfterTheCrash() throws SQLException {
        PGSimpleDataSource store = new PGSimpleDataSource();
        store.setUrl(RealServers.POSTGRES + DATABASE);
        store.setUser("postgres");
        return new AuditTrail(
                        store,
                        new AuditChain(AuditKeys.from(RealServers.AUDIT_KEY).chainKey()))
                .verifyChain(null, null);
    }
}
