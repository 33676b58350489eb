package org.govshare.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.govshare.gateway.testing.GatewayProcess;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.HostileGateway;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, class 3: a client without any grant sends large distinct documents under invented purposes. Parsed
 * documents were cached per (consumer, purpose string), a thousand each: 16 KB documents under 38 purposes held 4.4 GB
 * after full collections, and other callers waited seconds. Now every purpose without a grant is one view, and all
 * views share one document cache bounded by its bytes: the live heap after a full collection grows by no more than
 * that budget, and the other callers keep being answered.
 */
class CacheExhaustionIT {
    private static final int PURPOSES = 40;
    private static final int DOCUMENTS_PER_PURPOSE = 60;
    /** Room for what else the gateway allocates and keeps a while (connections, metrics, the JIT's own). */
    private static final long SLACK_BYTES = 16L * 1024 * 1024;

    @Test
    void inventedPurposesAndLargeDocumentsCannotGrowTheHeapBeyondTheCacheBudget() throws Exception {
        GatewayProcess gateway = HostileGateway.shared();
        GraphQlHttpClient http = new GraphQlHttpClient(gateway.port());
        String attacker = TestTokens.fromIssuer(gateway.port(), "no-grant-app");
        String padding = "x".repeat(15_900);
        // Warm up what the attack and the other caller use, so the baseline already holds it.
        send(http, attacker, "WARM_UP", "{ catalog(search: \"warm\") { name } }");
        try (LoadBeside warmUp =
                LoadBeside.start(gateway.port(), TestTokens.fromIssuer(gateway.port(), "dongguan-window"), 1)) {
            while (warmUp.answered() < 20) {
                Thread.sleep(100);
            }
        }
        long before = gateway.liveHeapBytes();

        AtomicInteger refused = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        String figures;
        try (LoadBeside other =
                LoadBeside.start(gateway.port(), TestTokens.fromIssuer(gateway.port(), "dongguan-window"), 2)) {
            ExecutorService attack = Executors.newFixedThreadPool(4);
            Future<?>[] running = new Future<?>[4];
            for (int worker = 0; worker < running.length; worker++) {
                int id = worker;
                running[worker] = attack.submit(() -> {
                    for (int purpose = id; purpose < PURPOSES; purpose += running.length) {
                        for (int i = 0; i < DOCUMENTS_PER_PURPOSE; i++) {
                            String document =
                                    "query Q%d_%d { catalog(search: \"%s\") { name } }".formatted(purpose, i, padding);
                            HttpResponse<String> response = send(http, attacker, "INVENTED_" + purpose, document);
                            (response.statusCode() == 200 ? answered : refused).incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (Future<?> worker : running) {
                worker.get(10, TimeUnit.MINUTES);
            }
            attack.shutdown();
            figures = other.figures();
            assertThat(other.successShare()).as(figures).isEqualTo(1.0);
            assertThat(other.answered()).isPositive();
        }
        long after = gateway.liveHeapBytes();

        System.out.printf(
                "cache exhaustion: %d documents of 16 KB under %d invented purposes (%d answered, %d refused);"
                        + " live heap after full GC %.1f MiB before, %.1f MiB after; the other caller: %s%n",
                PURPOSES * DOCUMENTS_PER_PURPOSE,
                PURPOSES,
                answered.get(),
                refused.get(),
                before / 1048576.0,
                after / 1048576.0,
                figures);
        assertThat(answered.get() + refused.get()).isEqualTo(PURPOSES * DOCUMENTS_PER_PURPOSE);
        // Kept beyond the cache's budget, the documents sent would hold several times that.
        assertThat(after - before).isLessThan(HostileGateway.DOCUMENT_CACHE_BYTES + SLACK_BYTES);
    }

    private static HttpResponse<String> send(GraphQlHttpClient http, String token, String purpose, String document) {
        return http.send(Requests.post(http, token, purpose, null, document));
    }
}
