package org.govshare.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.govshare.gateway.testing.GatewayProcess;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.HostileGateway;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, class 5: memory held per request. Sustained requests, each a document the gateway has not seen (a
 * client building documents with values inline, or a long operation name each), answered and audited; afterwards,
 * after a full collection, the live heap holds no more than the document cache's budget. Before, the decision,
 * selection and audit-shape caches each kept the documents they had seen by identity (up to 10,000 and 50,000 of
 * them), long after the document cache had let them go.
 */
class RetainedMemoryIT {
    private static final int REQUESTS = 3_000;
    private static final long SLACK_BYTES = 16L * 1024 * 1024;

    @Test
    void sustainedDistinctDocumentsLeaveNoMoreThanTheCacheBudgetBehind() throws Exception {
        GatewayProcess gateway = HostileGateway.shared();
        GraphQlHttpClient http = new GraphQlHttpClient(gateway.port());
        String token = TestTokens.fromIssuer(gateway.port(), "dongguan-window");
        String name = "N".repeat(8_000);
        for (int i = 0; i < 20; i++) {
            send(http, token, "query Warm%d { resident(idNumber: \"%s\") { name } }".formatted(i, R1_ID));
        }
        long before = gateway.liveHeapBytes();
        long started = System.nanoTime();

        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> running = new ArrayList<>();
        for (int worker = 0; worker < 4; worker++) {
            int id = worker;
            running.add(clients.submit(() -> {
                List<String> unexpected = new ArrayList<>();
                for (int i = id; i < REQUESTS; i += 4) {
                    // A fixed-shape data document of its own: read, decided, selected and audited like any other.
                    String document =
                            "query %s%d { resident(idNumber: \"%s\") { name birthDate } }".formatted(name, i, R1_ID);
                    HttpResponse<String> response = send(http, token, document);
                    if (response.statusCode() != 200 || !response.body().contains("张秀英")) {
                        unexpected.add(response.statusCode() + " " + response.body());
                    }
                }
                return unexpected;
            }));
        }
        List<String> unexpected = new ArrayList<>();
        for (Future<List<String>> worker : running) {
            unexpected.addAll(worker.get(10, TimeUnit.MINUTES));
        }
        clients.shutdown();
        long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000);
        long after = gateway.liveHeapBytes();

        System.out.printf(
                "retained memory: %d requests of distinct 8 KB documents in %d s; live heap after full GC %.1f MiB"
                        + " before, %.1f MiB after (%+.0f bytes a request)%n",
                REQUESTS, seconds, before / 1048576.0, after / 1048576.0, (after - before) / (double) REQUESTS);
        assertThat(unexpected).isEmpty();
        assertThat(after - before).isLessThan(HostileGateway.DOCUMENT_CACHE_BYTES + SLACK_BYTES);
    }

    private static HttpResponse<String> send(GraphQlHttpClient http, String token, String document) {
        return http.send(Requests.post(http, token, "PENSION_EXTENSION", null, document));
    }
}
