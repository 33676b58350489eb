package org.govshare.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R0_ID;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;
import static org.govshare.gateway.demo.FixedRecords.R3_ID;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.DemoJobs;
import org.govshare.gateway.testing.RealServersTest;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code verificationJobs} on the admin API, end to end through HTTP with real tokens against the real servers
 * (control plane and police on PostgreSQL): the demo pension fund submits a job at {@code POST /jobs/verify}; the
 * authority finds it among the fund's jobs with its progress at the police source, the police's steward sees it, the
 * pension office's steward does not; nobody sees a subject or an outcome; every look is on the audit trail; pages are
 * bounded and bad arguments are the contract's {@code INVALID_ARGUMENT}.
 */
@RealServersTest
@ActiveProfiles("demo")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"govshare.demo.residents=2000", "govshare.jobs.poll-interval=100ms"})
class VerificationJobsAdminIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JOBS = """
            query($consumer: ID, $states: [VerificationJobState!], $first: Int, $after: String) {
              verificationJobs(consumer: $consumer, states: $states, first: $first, after: $after) {
                edges { cursor node { id consumer purpose type state total done pending pendingReason
                  perSubjectClaims caseId operatorId submittedAt finishedAt resultsExpireAt
                  sources { source total done pending waiting } } }
                pageInfo { hasNextPage endCursor } } }""";

    @Value("${local.server.port}")
    int port;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    @Autowired
    DataSource controlPlane;

    @Test
    void theAuthorityAndThePolicesStewardSeeThePensionFundsJobAndAnotherStewardDoesNot() throws SQLException {
        DemoJobs fund = new DemoJobs(port);
        String id = fund.submitNames("idNumber,name\n" + R1_ID + ",张秀英\n" + R3_ID + ",李建国\n" + R0_ID + ",王五\n");
        fund.awaitFinished(id);
        AdminApi admin = new AdminApi(port);
        String police = "police-steward-" + UUID.randomUUID().toString().substring(0, 8);
        String policeToken = TestTokens.withScopes(issuerKeys, police, List.of("steward:police"));
        long before = lastAuditSequence();

        HttpResponse<String> asAuthority =
                post(TestTokens.fromIssuer(port, "authority-admin"), JOBS, Map.of("consumer", DemoJobs.CONSUMER));
        HttpResponse<String> asPolice = post(policeToken, JOBS, Map.of("first", 100));
        JsonNode asHrss = admin.attempt("hrss-steward", JOBS, Map.of("consumer", DemoJobs.CONSUMER, "first", 100));

        JsonNode job = node(json(asAuthority), id);
        assertThat(job).as(asAuthority.body()).isNotNull();
        assertThat(job.get("consumer").asString()).isEqualTo(DemoJobs.CONSUMER);
        assertThat(job.get("purpose").asString()).isEqualTo(DemoJobs.PURPOSE);
        assertThat(job.get("type").asString()).isEqualTo("Resident");
        assertThat(job.get("state").asString()).isEqualTo("DONE");
        assertThat(job.get("total").asInt()).isEqualTo(3);
        assertThat(job.get("done").asInt()).isEqualTo(3);
        assertThat(job.get("pending").asInt()).isZero();
        assertThat(job.get("perSubjectClaims").asBoolean()).isTrue();
        assertThat(job.get("caseId").asString()).isEqualTo(DemoJobs.CASE);
        assertThat(job.get("operatorId").asString()).isEqualTo(DemoJobs.OPERATOR);
        assertThat(job.get("finishedAt").isNull()).isFalse();
        assertThat(job.get("resultsExpireAt").asString())
                .isGreaterThan(job.get("submittedAt").asString());
        assertThat(job.get("sources").toString())
                .isEqualTo("[{\"source\":\"police\",\"total\":3,\"done\":3,\"pending\":0,\"waiting\":null}]");
        // The consumer filter: the authority asked for the fund's jobs and got nothing else.
        assertThat(json(asAuthority).at("/data/verificationJobs/edges").findValuesAsString("consumer"))
                .containsOnly(DemoJobs.CONSUMER);
        // Progress only: no subject, no claimed value, no outcome leaves through the admin API.
        assertThat(asAuthority.body() + asPolice.body())
                .doesNotContain(R1_ID, R3_ID, R0_ID, "张秀英", "MATCH", "NO_RECORD");

        assertThat(node(json(asPolice), id)).as(asPolice.body()).isNotNull();
        assertThat(json(asPolice).at("/data/verificationJobs/edges").findValuesAsString("type"))
                .as("the police's steward sees only jobs verifying police data")
                .containsOnly("Resident");
        assertThat(asHrss.has("errors")).as("%s", asHrss).isFalse();
        assertThat(node(asHrss, id)).as("%s", asHrss).isNull();
        assertThat(asHrss.at("/data/verificationJobs/edges").findValuesAsString("type"))
                .doesNotContain("Resident");

        List<String[]> stewardRecords = auditRecords(police, before);
        assertThat(stewardRecords)
                .as("the steward's look is on the audit trail")
                .anySatisfy(record -> {
                    assertThat(record[0]).contains("verificationJobs");
                    assertThat(record[1]).isEqualTo("ALLOWED");
                });
        assertThat(auditRecords("authority-admin", before))
                .anySatisfy(record -> assertThat(record[0]).contains("verificationJobs"));
    }

    @Test
    void aConsumerIsRefusedTheAdminApiAndNoFieldLeadsToSubjectsOrOutcomes() throws SQLException {
        long before = lastAuditSequence();
        HttpResponse<String> consumer =
                post(TestTokens.fromIssuer(port, DemoJobs.CONSUMER), JOBS, Map.of("consumer", DemoJobs.CONSUMER));
        JsonNode subjects = new AdminApi(port)
                .attempt("authority-admin", "{ verificationJobs { edges { node { id subjects } } } }", Map.of());
        JsonNode results = new AdminApi(port)
                .attempt("authority-admin", "{ verificationJobs { edges { node { id results { key } } } } }", Map.of());

        assertThat(consumer.statusCode()).as(consumer.body()).isEqualTo(403);
        assertThat(consumer.body()).doesNotContain("\"data\"");
        assertThat(auditRecords(DemoJobs.CONSUMER, before))
                .as("the refusal is on the audit trail")
                .anySatisfy(record -> assertThat(record[1]).isEqualTo("DENIED"));
        assertThat(code(subjects)).isEqualTo("FORBIDDEN_FIELD");
        assertThat(subjects.has("data")).isFalse();
        assertThat(code(results)).isEqualTo("FORBIDDEN_FIELD");
    }

    @Test
    void pagesAreBoundedAndFollowTheirCursorsNewestFirst() {
        DemoJobs fund = new DemoJobs(port);
        String older = fund.submitNames("idNumber,name\n" + R1_ID + ",张秀英\n");
        String newer = fund.submitNames("idNumber,name\n" + R3_ID + ",陈志强\n");
        String token = TestTokens.fromIssuer(port, "authority-admin");

        List<String> seen = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 200 && !seen.contains(older); page++) {
            Map<String, Object> variables = new HashMap<>(Map.of("consumer", DemoJobs.CONSUMER, "first", 1));
            variables.put("after", after);
            JsonNode answer = json(post(token, JOBS, variables)).at("/data/verificationJobs");
            assertThat(answer.get("edges").size()).isEqualTo(1);
            seen.add(answer.at("/edges/0/node/id").asString());
            assertThat(answer.at("/pageInfo/endCursor").asString())
                    .isEqualTo(answer.at("/edges/0/cursor").asString());
            after = answer.at("/pageInfo/endCursor").asString();
            if (!answer.at("/pageInfo/hasNextPage").asBoolean()) {
                break;
            }
        }
        fund.awaitFinished(older);
        fund.awaitFinished(newer);
        JsonNode done = json(post(
                        token, JOBS, Map.of("consumer", DemoJobs.CONSUMER, "states", List.of("DONE"), "first", 100)))
                .at("/data/verificationJobs/edges");
        JsonNode expired = json(post(
                        token, JOBS, Map.of("consumer", DemoJobs.CONSUMER, "states", List.of("EXPIRED"), "first", 100)))
                .at("/data/verificationJobs/edges");

        assertThat(seen).doesNotHaveDuplicates().contains(newer, older);
        assertThat(seen.indexOf(newer)).isLessThan(seen.indexOf(older));
        assertThat(done.findValuesAsString("id")).contains(older, newer);
        assertThat(done.findValuesAsString("state")).containsOnly("DONE");
        assertThat(expired.findValuesAsString("id")).doesNotContain(older, newer);
    }

    @Test
    void badArgumentsAreInvalidArgumentsNeverAnInternalError() {
        String token = TestTokens.fromIssuer(port, "authority-admin");
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("j1:99999999999999999999.0:x".getBytes(StandardCharsets.UTF_8));
        List<Map<String, Object>> bad = List.of(
                Map.of("first", 0),
                Map.of("first", 101),
                Map.of("first", -5),
                Map.of("after", "not a cursor"),
                Map.of("after", forged),
                Map.of("after", "x".repeat(10_000)),
                Map.of("states", List.of("BOGUS")));

        for (Map<String, Object> variables : bad) {
            HttpResponse<String> response = post(token, JOBS, variables);
            assertThat(response.statusCode())
                    .as("%s: %s", variables, response.body())
                    .isIn(200, 400);
            assertThat(code(json(response)))
                    .as("%s: %s", variables, response.body())
                    .isEqualTo("INVALID_ARGUMENT");
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("verification_job");
        }
    }

    private HttpResponse<String> post(String token, String document, Map<String, Object> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        return new AdminApi(port).postWithToken(token, JSON.writeValueAsString(body));
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static JsonNode node(JsonNode answer, String id) {
        for (JsonNode edge : answer.at("/data/verificationJobs/edges")) {
            if (id.equals(edge.at("/node/id").asString())) {
                return edge.get("node");
            }
        }
        return null;
    }

    private static String code(JsonNode answer) {
        return answer.at("/errors/0/extensions/code").asString();
    }

    private long lastAuditSequence() throws SQLException {
        try (Connection connection = controlPlane.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT MAX(seq) FROM audit_record");
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    /** {@code consumer}'s audit records after sequence {@code after}: operation, outcome. */
    private List<String[]> auditRecords(String consumer, long after) throws SQLException {
        List<String[]> records = new ArrayList<>();
        try (Connection connection = controlPlane.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT operation, outcome FROM audit_record WHERE consumer_id = ? AND seq > ? ORDER BY seq")) {
            statement.setString(1, consumer);
            statement.setLong(2, after);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    records.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
        }
        return records;
    }
}
