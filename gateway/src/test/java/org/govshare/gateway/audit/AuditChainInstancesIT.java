package org.govshare.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.govshare.gateway.testing.GatewayInstance;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.RealServers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three gateway instances write one audit trail on one PostgreSQL control plane at once, each with its commits
 * overlapping (the next batch is written while the previous one is flushed): the chain stays one unbroken chain, and
 * every answered request is on it.
 */
class AuditChainInstancesIT {
    private static final String DATABASE = RealServers.database("audit_instances");
    private static final int INSTANCES = 3;
    private static final int CLIENTS_PER_INSTANCE = 6;
    private static final int REQUESTS_PER_CLIENT = 40;

    @Test
    void threeInstancesWritingAtOnceKeepOneVerifiableChain() throws Exception {
        RealServers.recreatePostgresDatabase(DATABASE);
        GatewayInstance.Deployment deployment =
                new GatewayInstance.Deployment().onControlPlane(RealServers.POSTGRES + DATABASE + "?user=postgres");
        List<GatewayInstance> instances = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(INSTANCES * CLIENTS_PER_INSTANCE);
        Set<String> answered = ConcurrentHashMap.newKeySet();
        try {
            for (int i = 0; i < INSTANCES; i++) {
                instances.add(deployment.start("--govshare.audit.key=" + RealServers.AUDIT_KEY));
            }
            for (GatewayInstance instance : instances) {
                assertThat(instance.bean(AuditLog.class).overlapsCommits()).isTrue();
            }
            CyclicBarrier together = new CyclicBarrier(INSTANCES * CLIENTS_PER_INSTANCE);
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                GatewayInstance instance = instances.get(i);
                String token = instance.token("dongguan-window");
                GraphQlHttpClient client = new GraphQlHttpClient(instance.port());
                for (int c = 0; c < CLIENTS_PER_INSTANCE; c++) {
                    String prefix = "MULTI-" + i + "-" + c + "-";
                    running.add(CompletableFuture.runAsync(
                            () -> {
                                JsonMapper json = JsonMapper.builder().build();
                                try {
                                    together.await(60, TimeUnit.SECONDS);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                                for (int r = 0; r < REQUESTS_PER_CLIENT; r++) {
                                    String caseId = prefix + r;
                                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                                    client.endpoint())
                                            .header("Authorization", "Bearer " + token)
                                            .header("X-Purpose", "PENSION_EXTENSION")
                                            .header("X-Case-Id", caseId)
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of(
                                                    "query", "{ resident(idNumber: \"" + R1_ID + "\") { name } }"))))
                                            .build());
                                    assertThat(response.statusCode())
                                            .as(response.body())
                                            .isEqualTo(200);
                                    assertThat(json.readTree(response.body())
                                                    .at("/data/resident/name")
                                                    .asString(""))
                                            .isEqualTo("张秀英");
                                    answered.add(caseId);
                                }
                            },
                            clients));
                }
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);

            AuditTrail.ChainCheck check =
                    instances.get(0).bean(AuditTrail.class).verifyChain(null, null);
            assertThat(check.problem()).isNull();
            assertThat(check.ok()).isTrue();
            assertThat(answered).hasSize(INSTANCES * CLIENTS_PER_INSTANCE * REQUESTS_PER_CLIENT);
            assertThat(RealServers.auditedCaseIds(DATABASE)).containsAll(answered);
            // The writers took turns: the batches of the three instances interleave in the chain.
            assertThat(batchRuns()).isGreaterThan(INSTANCES);
            // A writer that found the head where it had left it wrote its batch in one round trip; one that found it
            // moved by another instance chained its batch again under the head's lock: both happened.
            long batches = 0;
            long unlocked = 0;
            for (GatewayInstance instance : instances) {
                batches += instance.bean(AuditLog.class).committedBatches();
                unlocked += instance.bean(AuditLog.class).unlockedBatches();
            }
            assertThat(unlocked).isPositive().isLessThan(batches);
        } finally {
            clients.shutdownNow();
            for (GatewayInstance instance : instances) {
                instance.close();
            }
        }
    }

    /** How often the instance of consecutive records changes along the chain (by case id, which names it). */
    private static int batchRuns() throws Exception {
        try (Connection connection = DriverManager.getConnection(RealServers.POSTGRES + DATABASE, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT case_id FROM audit_record WHERE case_id LIKE 'MULTI-%' ORDER BY seq")) {
            int runs = 0;
            String previous = null;
            while (rows.next()) {
                String instance = rows.getString(1).split("-")[1];
                if (!instance.equals(previous)) {
                    runs++;
                    previous = instance;
                }
            }
            return runs;
        }
    }
}
