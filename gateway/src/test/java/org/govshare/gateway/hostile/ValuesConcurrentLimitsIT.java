package org.govshare.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.hostile.ValuesAttacks.code;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.govshare.gateway.testing.GatewayInstance;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.RealServers;
import org.govshare.schema.identifier.ResidentIdNumbers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Items 6 and 10 of issue #18 under concurrency: requests of one consumer sent at once cannot pass the distinct-subject
 * ceiling or the lookup-miss budget together, with the counters in one instance's memory and with two instances
 * sharing them in the real Redis (one deployment's embedded sources and control plane, as in {@code QuotaIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValuesConcurrentLimitsIT {
    private static final String LOOKUP = "query($id: ID!) { resident(idNumber: $id) { name } }";

    private final GatewayInstance.Deployment deployment = new GatewayInstance.Deployment();
    private GatewayInstance alone;
    private GatewayInstance first;
    private GatewayInstance second;

    @BeforeAll
    void start() {
        alone = deployment.start();
        String prefix = "--govshare.quotas.redis-key-prefix=values-" + UUID.randomUUID();
        first = deployment.start("--govshare.quotas.redis-url=" + RealServers.REDIS, prefix);
        second = deployment.start("--govshare.quotas.redis-url=" + RealServers.REDIS, prefix);
    }

    @AfterAll
    void stop() {
        second.close();
        first.close();
        alone.close();
    }

    @Test
    void theSubjectCeilingHoldsForConcurrentRequestsInOneInstancesMemory() throws Exception {
        List<String> outcomes = burst(List.of(alone), "subject-collector", "SUBJECT_COLLECTION", residents(20));

        // Five distinct subjects a day: five answers, whatever order the twenty requests arrived in.
        assertThat(outcomes).filteredOn("data"::equals).hasSize(5);
        assertThat(outcomes).filteredOn("QUOTA_EXCEEDED"::equals).hasSize(15);
    }

    @Test
    void theSubjectCeilingHoldsForConcurrentRequestsOnTwoInstancesSharingRedis() throws Exception {
        List<String> outcomes = burst(List.of(first, second), "subject-collector", "SUBJECT_COLLECTION", residents(20));

        assertThat(outcomes).filteredOn("data"::equals).hasSize(5);
        assertThat(outcomes).filteredOn("QUOTA_EXCEEDED"::equals).hasSize(15);
    }

    @Test
    void theLookupMissBudgetHoldsForConcurrentRequestsOnTwoInstancesSharingRedis() throws Exception {
        List<String> absent = new ArrayList<>();
        for (int sequence = 200; sequence < 216; sequence++) {
            // Region 990000 is no region: none of these ID numbers is in the data.
            absent.add(ResidentIdNumbers.complete("990000" + "19800101" + sequence));
        }

        List<String> outcomes = burst(List.of(first, second), "key-guesser", "KEY_GUESS", absent);

        // Four misses a day for this consumer, across both instances.
        assertThat(outcomes).filteredOn("miss"::equals).hasSize(4);
        assertThat(outcomes).filteredOn("QUOTA_EXCEEDED"::equals).hasSize(12);
    }

    /**
     * The budget counts lookups that find nothing, not lookups: sixteen at once that all find their record are all
     * answered, although only four could be under way within a budget of four (the others wait for a place instead of
     * being refused, as they were: the benchmark's 16 to 64 concurrent lookups drew QUOTA_EXCEEDED under the default
     * budget of 20).
     */
    @Test
    void lookupsThatFindTheirRecordsAreAnsweredHoweverManyAreUnderWayAtOnce() throws Exception {
        List<String> outcomes = burst(List.of(alone), "key-guesser", "KEY_GUESS", residents(16));

        assertThat(outcomes).hasSize(16).containsOnly("data");
    }

    /**
     * Looks every ID number up at once, spread over the instances: "data" for a record returned, "miss" for none,
     * else the error code.
     */
    private static List<String> burst(
            List<GatewayInstance> instances, String consumer, String purpose, List<String> ids) throws Exception {
        List<GraphQlHttpClient> clients = new ArrayList<>();
        instances.forEach(instance -> clients.add(instance.client(consumer, purpose)));
        List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(ids.size());
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            GraphQlHttpClient client = clients.get(i % clients.size());
            String id = ids.get(i);
            sent.add(senders.submit(() -> {
                JsonNode response = client.post(LOOKUP, Map.of("id", id));
                if (response.at("/data/resident/name").isString()) {
                    outcomes.add("data");
                } else if (!response.has("errors")
                        && response.at("/data/resident").isNull()) {
                    outcomes.add("miss");
                } else {
                    outcomes.add(code(response));
                }
            }));
        }
        for (Future<?> request : sent) {
            request.get(120, TimeUnit.SECONDS);
        }
        senders.shutdown();
        assertThat(outcomes).hasSize(ids.size());
        return outcomes;
    }

    /** Distinct generated residents of the deployment's police source. */
    private List<String> residents(int count) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(deployment.sourceUrl("police"), "sa", "");
                Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT id_number FROM resident ORDER BY id_number LIMIT " + count)) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        assertThat(ids).hasSize(count);
        return ids;
    }
}
