package org.govshare.gateway.hostile;

import static org.govshare.gateway.demo.FixedRecords.R1_ID;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A well-behaved caller beside an attack: {@code dongguan-window} looking up fixed record R1, one request at a time on
 * each of a few connections, counting what is answered correctly and how long each answer took.
 */
final class LoadBeside implements AutoCloseable {
    private static final String BODY = "{\"query\":\"{ resident(idNumber: \\\"" + R1_ID + "\\\") { name } }\"}";

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final ExecutorService clients;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

    private LoadBeside(int port, String token, int connections) {
        this.clients = Executors.newFixedThreadPool(connections);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                .header("Authorization", "Bearer " + token)
                .header("X-Purpose", "PENSION_EXTENSION")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
        for (int i = 0; i < connections; i++) {
            clients.submit(() -> {
                while (running.get()) {
                    long started = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200 && response.body().contains("张秀英")) {
                            answered.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    latencies.add((System.nanoTime() - started) / 1_000_000);
                }
                return null;
            });
        }
    }

    /** Starts the caller; it sends until closed. */
    static LoadBeside start(int port, String token, int connections) {
        return new LoadBeside(port, token, connections);
    }

    int answered() {
        return answered.get();
    }

    int failed() {
        return failed.get();
    }

    /** The share of requests answered correctly. */
    double successShare() {
        int all = answered.get() + failed.get();
        return all == 0 ? 0 : answered.get() / (double) all;
    }

    /** The latency below which {@code fraction} of the answers came, in milliseconds. */
    long percentile(double fraction) {
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        if (sorted.isEmpty()) {
            return Long.MAX_VALUE;
        }
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(fraction * sorted.size()) - 1));
    }

    String figures() {
        return "%d answered, %d failed (%.1f %%), p50 %d ms, p95 %d ms, p99 %d ms"
                .formatted(
                        answered(),
                        failed(),
                        100 * successShare(),
                        percentile(0.5),
                        percentile(0.95),
                        percentile(0.99));
    }

    @Override
    public void close() {
        running.set(false);
        clients.shutdown();
        try {
            clients.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
