package org.govshare.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.govshare.gateway.testing.GatewayInstance;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.RealServers;
import org.govshare.gateway.testing.RedisServer;
import org.govshare.schema.identifier.ResidentIdNumbers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Quotas shared through the real Redis by two gateway instances (own contexts, ports and issuer keys; one deployment's
 * sources and control plane): the request rate, the distinct-subject ceiling and the verification mismatch limit hold
 * across them; rows per page and per list are limited; and with Redis down an instance enforces its share, reports
 * DEGRADED, and recovers by itself when Redis returns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuotaIT {
    private static final String CONSUMER = "quota-test";

    private final GatewayInstance.Deployment deployment = new GatewayInstance.Deployment();
    private GatewayInstance first;
    private GatewayInstance second;

    @BeforeAll
    void startTwoInstancesOnOneRedis() {
        String prefix = "--govshare.quotas.redis-key-prefix=two-instances-" + UUID.randomUUID();
        first = deployment.start("--govshare.quotas.redis-url=" + RealServers.REDIS, prefix);
        second = deployment.start("--govshare.quotas.redis-url=" + RealServers.REDIS, prefix);
    }

    @AfterAll
    void stop() {
        second.close();
        first.close();
    }

    @Test
    void theRequestRateHoldsAcrossInstances() throws Exception {
        List<GraphQlHttpClient> clients =
                List.of(first.client(CONSUMER, "QUOTA_RATE"), second.client(CONSUMER, "QUOTA_RATE"));
        String id = subjects(1).get(0);
        String body = body("{ resident(idNumber: \"" + id + "\") { name } }");
        AtomicInteger allowed = new AtomicInteger();
        List<String> refusedOn = Collections.synchronizedList(new ArrayList<>());
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        // Sent at once from many threads, so that the burst outruns the refill even on a slow, loaded machine.
        ExecutorService senders = Executors.newFixedThreadPool(20);
        long started = System.nanoTime();
        List<Future<?>> sent = new ArrayList<>();
        for (int request = 0; request < 40; request++) {
            int instance = request % 2;
            sent.add(senders.submit(() -> {
                HttpResponse<String> response = clients.get(instance).send(body);
                JsonNode json = JsonMapper.builder().build().readTree(response.body());
                if (json.at("/data/resident/name").isString()) {
                    allowed.incrementAndGet();
                } else if (json.at("/errors/0/extensions/code").asString().equals("QUOTA_EXCEEDED")
                        && response.headers().firstValue("Retry-After").equals(Optional.of("1"))) {
                    refusedOn.add(instance == 0 ? "first" : "second");
                } else {
                    unexpected.add(json.toString());
                }
            }));
        }
        for (Future<?> request : sent) {
            request.get(60, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        senders.shutdown();

        assertThat(unexpected).isEmpty();
        // One bucket of 5 per second for both: at most 5 plus what refilled while the burst lasted (two separate
        // buckets would let through at least 10).
        assertThat(allowed.get()).isBetween(5, 5 + (int) Math.ceil(seconds * 5));
        assertThat(refusedOn).contains("first", "second");
    }

    @Test
    void theDistinctSubjectCeilingHoldsAcrossInstances() {
        GraphQlHttpClient onFirst = first.client(CONSUMER, "QUOTA_SUBJECTS");
        GraphQlHttpClient onSecond = second.client(CONSUMER, "QUOTA_SUBJECTS");
        List<String> ids = subjects(4);

        List<JsonNode> underCeiling =
                List.of(lookup(onFirst, ids.get(0)), lookup(onSecond, ids.get(1)), lookup(onFirst, ids.get(2)));
        JsonNode fourthSubject = lookup(onSecond, ids.get(3));

        underCeiling.forEach(response ->
                assertThat(response.has("errors")).as("%s", response).isFalse());
        assertThat(fourthSubject.at("/errors/0/extensions/code").asString()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(fourthSubject.at("/errors/0/extensions/retryAfter").asLong()).isPositive();
        assertThat(fourthSubject.toString()).doesNotContain(ids.get(3));
    }

    @Test
    void theMismatchLimitHoldsAcrossInstances() {
        String id = subjects(1).get(0);
        String guess = "{ verifyResident(idNumber: \"" + id + "\", claims: {name: \"猜%d\"}) { outcome } }";

        JsonNode onFirst = first.client(CONSUMER, "QUOTA_GUESSES_ROWS").post(guess.formatted(1));
        JsonNode onSecond = second.client(CONSUMER, "QUOTA_GUESSES_ROWS").post(guess.formatted(2));
        JsonNode third = first.client(CONSUMER, "QUOTA_GUESSES_ROWS").post(guess.formatted(3));

        assertThat(onFirst.at("/data/verifyResident/outcome").asString()).isEqualTo("MISMATCH");
        assertThat(onSecond.at("/data/verifyResident/outcome").asString()).isEqualTo("MISMATCH");
        assertThat(third.at("/errors/0/extensions/code").asString()).isEqualTo("QUOTA_EXCEEDED");
    }

    /**
     * The lookup-miss budget (the default 20 a day) holds across instances while lookups that find their records keep
     * their reservations as spares on both: a found key looked up on each instance, then an absent one on either,
     * turn by turn; the misses stop at exactly 20 (a reservation crowded by the other instance's spare waits for it,
     * and is not refused), and from then on every lookup of the consumer is refused, on both.
     */
    @Test
    void theLookupMissBudgetHoldsAcrossInstancesWhileFoundLookupsKeepTheirRoom() {
        List<GraphQlHttpClient> clients = List.of(
                first.client("dongguan-window", "PENSION_EXTENSION"),
                second.client("dongguan-window", "PENSION_EXTENSION"));
        String found = subjects(1).get(0);
        List<String> outcomes = new ArrayList<>();
        for (int turn = 0; turn < 22; turn++) {
            outcomes.add(outcome(lookup(clients.get(0), found)));
            outcomes.add(outcome(lookup(clients.get(1), found)));
            // Region 990000 is no region: no such record.
            String absent = ResidentIdNumbers.complete("990000" + "19700101" + (100 + turn));
            outcomes.add(outcome(lookup(clients.get(turn % 2), absent)));
        }

        int twentieth = IntStream.range(0, outcomes.size())
                .filter(index -> outcomes.get(index).equals("miss"))
                .skip(19)
                .findFirst()
                .orElseThrow(() -> new AssertionError("fewer than 20 misses: " + outcomes));
        assertThat(outcomes.subList(0, twentieth + 1)).as("%s", outcomes).containsOnly("found", "miss");
        assertThat(outcomes.subList(twentieth + 1, outcomes.size()))
                .as("%s", outcomes)
                .isNotEmpty()
                .containsOnly("QUOTA_EXCEEDED");
    }

    private static String outcome(JsonNode response) {
        if (response.has("errors")) {
            return response.at("/errors/0/extensions/code").asString();
        }
        return response.at("/data/resident").isNull() ? "miss" : "found";
    }

    @Test
    void rowsPerPageAndPerListAreLimited() {
        GraphQlHttpClient client = first.client(CONSUMER, "QUOTA_GUESSES_ROWS");
        String withThreeYears = subjectWithIncomeYears(3);

        JsonNode page = client.post("{ residents(regionCode: \"441900\", first: 3) { edges { node { name } } } }");
        JsonNode smallPage = client.post("{ residents(regionCode: \"441900\", first: 2) { edges { node { name } } } }");
        JsonNode list =
                client.post("{ resident(idNumber: \"%s\") { name incomes { year } } }".formatted(withThreeYears));

        assertThat(page.at("/errors/0/extensions/code").asString()).isEqualTo("ROW_LIMIT_EXCEEDED");
        assertThat(smallPage.at("/data/residents/edges").size()).isEqualTo(2);
        assertThat(list.at("/errors/0/extensions/code").asString()).isEqualTo("ROW_LIMIT_EXCEEDED");
        assertThat(list.at("/errors/0/path").toString()).isEqualTo("[\"resident\",\"incomes\"]");
    }

    @Test
    void withRedisDownAnInstanceEnforcesItsShareReportsDegradedAndRecovers() throws Exception {
        try (RedisServer redis = RedisServer.start();
                GatewayInstance instance = deployment.start(
                        "--govshare.quotas.redis-url=" + redis.url(), "--govshare.quotas.expected-instances=2")) {
            GraphQlHttpClient client = instance.client(CONSUMER, "QUOTA_RATE");
            String id = subjects(1).get(0);
            assertThat(health(instance)).isEqualTo("UP");

            redis.stop();
            long started = System.nanoTime();
            int allowedWhileDown = burst(client, id, 10);
            double seconds = (System.nanoTime() - started) / 1e9;
            String degraded = health(instance);

            redis.restart();
            long restarted = System.nanoTime();
            String recovered = health(instance);
            while (!recovered.equals("UP") && System.nanoTime() - restarted < 10_000_000_000L) {
                Thread.sleep(100);
                recovered = health(instance);
            }
            double recoverySeconds = (System.nanoTime() - restarted) / 1e9;
            Thread.sleep(1_100);
            int allowedAfter = burst(client, id, 10);

            // Down: this instance's share, 5 / 2 = 2 per second, never unlimited.
            assertThat(allowedWhileDown).isBetween(2, 2 + (int) Math.ceil(seconds * 2));
            assertThat(degraded).isEqualTo("DEGRADED");
            assertThat(recovered)
                    .as("health %.1f s after Redis came back", recoverySeconds)
                    .isEqualTo("UP");
            // Back on the shared bucket of 5 (a fresh Redis: full).
            assertThat(allowedAfter).isGreaterThanOrEqualTo(5);
        }
    }

    private static int burst(GraphQlHttpClient client, String id, int requests) {
        int allowed = 0;
        for (int request = 0; request < requests; request++) {
            JsonNode response = lookup(client, id);
            if (response.at("/data/resident/name").isString()) {
                allowed++;
            } else {
                assertThat(response.at("/errors/0/extensions/code").asString()).isEqualTo("QUOTA_EXCEEDED");
            }
        }
        return allowed;
    }

    private static String health(GatewayInstance instance) {
        HttpResponse<String> response = new GraphQlHttpClient(instance.port()).get("/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonMapper.builder()
                .build()
                .readTree(response.body())
                .get("status")
                .asString();
    }

    private static JsonNode lookup(GraphQlHttpClient client, String id) {
        return client.post("{ resident(idNumber: \"" + id + "\") { name } }");
    }

    private static String body(String document) {
        return JsonMapper.builder().build().writeValueAsString(java.util.Map.of("query", document));
    }

    /** Generated residents of the deployment's police source. */
    private List<String> subjects(int count) {
        return query("SELECT id_number FROM resident WHERE region_code = '110101' ORDER BY id_number LIMIT " + count);
    }

    private String subjectWithIncomeYears(int years) {
        List<String> ids = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url("tax"), "sa", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id_number FROM income_record GROUP BY id_number"
                        + " HAVING COUNT(*) = " + years + " ORDER BY id_number LIMIT 1")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(ids).isNotEmpty();
        return ids.get(0);
    }

    private List<String> query(String sql) {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url("police"), "sa", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return values;
    }

    private String url(String source) {
        return deployment.sourceUrl(source);
    }
}
