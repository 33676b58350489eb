package org.govshare.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;
import static org.govshare.gateway.demo.FixedRecords.R2_ID;
import static org.govshare.gateway.hostile.ValuesAttacks.code;
import static org.govshare.gateway.hostile.ValuesAttacks.demoClient;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.SourceStatementLog;
import org.govshare.policy.model.MaskKind;
import org.govshare.schema.identifier.ResidentIdNumbers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Item 6 of issue #18, masked keys brute-forced: the street office sees an ID number masked to its region and tries to
 * recover the rest by looking candidates up. Lookups that find nothing (no record, or none within its rows) are
 * guesses: each is counted against the consumer's budget of the day before the source is asked, and named in the
 * audit trail under the subject it asked for; the budget (20, under the ID-number mask's bound of 25) runs out long
 * before the 182,500 candidates a masked ID number leaves to a caller who even knows the birth year.
 */
@ValuesTest
// A context of its own (the default stated explicitly), closed after the class: once the street office's budget is
// spent, it is refused every lookup and verification for the day, which the other attack classes must not meet.
@TestPropertySource(properties = "govshare.quotas.default-lookup-misses-per-day=20")
@DirtiesContext
class ValuesMaskedKeyGuessingIT {
    private static final String LOOKUP = "query($id: ID!) { resident(idNumber: $id) { idNumber name } }";
    private static final String ACCESS_LOG =
            "query($s: ID!) { accessLog(subject: $s) { consumer fields outcome codes } }";

    @Value("${local.server.port}")
    int port;

    @Autowired
    SourceRegistry sources;

    @Autowired
    SourceStatementLog statements;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    @Test
    void theStreetOfficeCannotRecoverAMaskedIdNumberWithinItsBudget() throws Exception {
        GraphQlHttpClient office = demoClient(port, "street-office-441900", "GRASSROOTS_RETURN");
        JsonNode page =
                office.post("{ residents(regionCode: \"441900\", first: 1) { edges { node { idNumber name } } } }");
        Map<String, String> target = ValuesAttacks.rows(
                        sources.source("police").dataSource(),
                        "SELECT id_number, name FROM resident WHERE region_code = '441900' ORDER BY id_number")
                .get(0);
        String targetId = target.get("id_number");

        // What the office sees of the target: its region, nothing of the birth date, sequence or check character.
        assertThat(page.at("/data/residents/edges/0/node/name").asString()).isEqualTo(target.get("name"));
        assertThat(page.at("/data/residents/edges/0/node/idNumber").asString()).isEqualTo("441900************");

        // Lookups that find a record are no guesses: they spend nothing.
        for (int hit = 0; hit < 3; hit++) {
            assertThat(office.post(LOOKUP, Map.of("id", R1_ID))
                            .at("/data/resident/name")
                            .asString())
                    .isEqualTo("张秀英");
        }
        // A record outside the office's rows is a miss like an absent one.
        JsonNode outside = office.post(LOOKUP, Map.of("id", R2_ID));
        assertThat(outside.has("errors")).as("%s", outside).isFalse();
        assertThat(outside.at("/data/resident").isNull()).isTrue();

        List<String> candidates = candidates(targetId, 60);
        int misses = 0;
        JsonNode refused = null;
        for (String candidate : candidates) {
            JsonNode response = office.post(LOOKUP, Map.of("id", candidate));
            if (code(response).equals("QUOTA_EXCEEDED")) {
                refused = response;
                break;
            }
            assertThat(response.has("errors")).as("%s", response).isFalse();
            if (response.at("/data/resident").isNull()) {
                misses++;
            }
        }
        statements.clear();
        HttpResponse<String> truth = office.send(JsonMapper.builder()
                .build()
                .writeValueAsString(Map.of("query", LOOKUP, "variables", Map.of("id", targetId))));

        // 20 misses a day: the one outside its rows and 19 guesses; the default, under the mask's bound of 25.
        assertThat(misses).isEqualTo(19);
        assertThat(MaskKind.ID_NUMBER.maximumLookupMissesPerDay()).isEqualTo(25);
        assertThat(refused).as("the budget ran out").isNotNull();
        assertThat(refused.at("/errors/0/extensions/retryAfter").asLong()).isPositive();
        // The right ID number is refused like any other now: it is not even looked up.
        assertThat(truth.body()).contains("QUOTA_EXCEEDED").doesNotContain(target.get("name"));
        assertThat(truth.headers().firstValue("Retry-After")).isPresent();
        assertThat(statements.sqlOf("police")).isEmpty();

        // Every guess is on the record under the subject it named, found or not, refused or not.
        AdminApi admin = new AdminApi(port);
        JsonNode guessed = admin.query("authority-admin", ACCESS_LOG, Map.of("s", candidates.get(0)))
                .get("accessLog");
        JsonNode refusedTruth = admin.query("authority-admin", ACCESS_LOG, Map.of("s", targetId))
                .get("accessLog");
        assertThat(guessed.toString()).contains("street-office-441900").contains("Resident.name");
        assertThat(refusedTruth.toString()).contains("street-office-441900").contains("QUOTA_EXCEEDED");
    }

    @Test
    void concurrentGuessesCannotPassTheBudget() throws Exception {
        GraphQlHttpClient guesser = ValuesAttacks.signedClient(port, issuerKeys, "key-guesser", "KEY_GUESS");
        List<String> absent = new ArrayList<>();
        for (int sequence = 100; sequence < 116; sequence++) {
            // Region 990000 is no region: none of these ID numbers is in the data.
            absent.add(ResidentIdNumbers.complete("990000" + "19700101" + sequence));
        }
        List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(16);
        List<Future<?>> sent = new ArrayList<>();
        for (String id : absent) {
            sent.add(senders.submit(() -> {
                JsonNode response =
                        guesser.post("query($id: ID!) { resident(idNumber: $id) { name } }", Map.of("id", id));
                outcomes.add(
                        response.at("/data/resident").isNull() && !response.has("errors") ? "miss" : code(response));
            }));
        }
        for (Future<?> request : sent) {
            request.get(60, TimeUnit.SECONDS);
        }
        senders.shutdown();

        // Its grant allows 4 misses a day: each was reserved before its lookup ran, so 16 at once get 4.
        assertThat(outcomes).hasSize(16);
        assertThat(outcomes).as("%s", outcomes).filteredOn("miss"::equals).hasSize(4);
        assertThat(outcomes)
                .as("%s", outcomes)
                .filteredOn(outcome -> outcome.startsWith("QUOTA_EXCEEDED"))
                .hasSize(12);
    }

    /**
     * Well-formed ID numbers the office could try for the target: its region, birth dates from the first of January of
     * the target's real birth year, sequence numbers of the target's gender, check characters computed; never the
     * target's own.
     */
    private static List<String> candidates(String targetId, int count) {
        List<String> candidates = new ArrayList<>();
        LocalDate day = LocalDate.of(ResidentIdNumbers.birthDate(targetId).getYear(), 1, 1);
        int parity = ResidentIdNumbers.isMale(targetId) ? 1 : 0;
        while (candidates.size() < count) {
            for (int sequence = parity; sequence < 1000 && candidates.size() < count; sequence += 2 * 37) {
                String id = ResidentIdNumbers.complete(
                        "441900" + day.toString().replace("-", "") + String.format("%03d", sequence));
                if (!id.equals(targetId)) {
                    candidates.add(id);
                }
            }
            day = day.plusDays(1);
        }
        return candidates;
    }
}
