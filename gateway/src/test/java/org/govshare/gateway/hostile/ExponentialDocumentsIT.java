package org.govshare.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.govshare.gateway.testing.GatewayProcess;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.HostileGateway;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 18, class 2: documents whose execution grows exponentially from a small text. A 1.4 KB document of doubling
 * fragment spreads ({@code fragment F1 on Resident { ...F2 ...F2 }}, 26 deep) passed the limits and then took minutes
 * of CPU and the heap, unaudited. Now it is refused at once (QUERY_TOO_COMPLEX) and recorded, as are its variants (on
 * {@code __typename}, with aliases), while other callers keep being answered.
 */
class ExponentialDocumentsIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** 2^25 times {@code leaf} as executed, in about 1.4 KB. */
    static String doubling(String root, String type, String leaf) {
        StringBuilder document = new StringBuilder(root.replace("...", "...F1"));
        for (int i = 1; i < 26; i++) {
            document.append("\nfragment F%d on %s { ...F%d ...F%d }".formatted(i, type, i + 1, i + 1));
        }
        return document.append("\nfragment F26 on %s { %s }".formatted(type, leaf))
                .toString();
    }

    @Test
    void doublingFragmentsAreRefusedAtOnceRecordedAndOthersKeepBeingAnswered() throws Exception {
        GatewayProcess gateway = HostileGateway.shared();
        GraphQlHttpClient http = new GraphQlHttpClient(gateway.port());
        String attacker = TestTokens.fromIssuer(gateway.port(), "dongguan-window");
        String other = TestTokens.fromIssuer(gateway.port(), "street-office-441900");
        String lookup = "{ resident(idNumber: \"" + R1_ID + "\") { ... } }";
        List<String> documents = List.of(
                doubling(lookup, "Resident", "name"),
                doubling(lookup, "Resident", "__typename"),
                doubling(lookup, "Resident", "a: name b: birthDate"),
                doubling("{ ... }", "Query", "__typename"),
                doubling("{ ... }", "Query", "t: __typename"));
        assertThat(documents.get(0).length()).isLessThan(1_500);
        String run = UUID.randomUUID().toString().substring(0, 8);
        long before = AuditRecords.last();

        AtomicBoolean attacking = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        ExecutorService others = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        for (int worker = 0; worker < 2; worker++) {
            running.add(others.submit(() -> {
                while (attacking.get()) {
                    HttpResponse<String> response = http.send(Requests.post(
                            http,
                            other,
                            "GRASSROOTS_RETURN",
                            "OTHER-" + run,
                            "{ resident(idNumber: \"" + R1_ID + "\") { name } }"));
                    if (response.statusCode() == 200 && response.body().contains("张秀英")) {
                        answered.incrementAndGet();
                    } else {
                        synchronized (failures) {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                    }
                }
            }));
        }
        List<Long> refusalMillis = new ArrayList<>();
        // The other caller is warmed up first: its first request cuts its schema.
        while (answered.get() == 0 && failures.isEmpty()) {
            Thread.sleep(50);
        }
        int answeredBefore = answered.get();
        long attackStarted = System.nanoTime();
        try {
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < documents.size(); i++) {
                    long started = System.nanoTime();
                    HttpResponse<String> response = http.send(Requests.post(
                            http, attacker, "PENSION_EXTENSION", "DOUBLING-" + run + "-" + i, documents.get(i)));
                    refusalMillis.add((System.nanoTime() - started) / 1_000_000);
                    JsonNode body = JSON.readTree(response.body());
                    assertThat(body.at("/errors/0/extensions/code").asString())
                            .as(response.body())
                            .isEqualTo("QUERY_TOO_COMPLEX");
                    assertThat(body.path("data").isMissingNode()
                                    || body.path("data").isNull())
                            .isTrue();
                }
            }
        } finally {
            attacking.set(false);
            for (Future<?> client : running) {
                client.get(1, TimeUnit.MINUTES);
            }
            others.shutdown();
        }

        System.out.printf(
                "doubling documents: %d refusals, slowest %d ms; %d answers to another caller meanwhile%n",
                refusalMillis.size(),
                refusalMillis.stream().mapToLong(Long::longValue).max().orElse(0),
                answered.get());
        // Unbounded, one such document costs minutes; refused from its text, milliseconds (generous on a loaded box).
        assertThat(refusalMillis).allMatch(millis -> millis < 5_000);
        assertThat(failures).as("answers to the other caller").isEmpty();
        assertThat(answered.get() - answeredBefore).isPositive();
        List<AuditRecords.Row> records = AuditRecords.of("dongguan-window", before);
        for (int i = 0; i < documents.size(); i++) {
            String caseId = "DOUBLING-" + run + "-" + i;
            assertThat(records)
                    .filteredOn(record -> caseId.equals(record.caseId()))
                    .as("records of %s", caseId)
                    .hasSize(4)
                    .allMatch(record -> record.codes().equals("QUERY_TOO_COMPLEX")
                            && record.outcome().equals("DENIED"));
        }
    }
}
