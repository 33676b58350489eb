package org.govshare.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R0_ID;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;
import static org.govshare.gateway.demo.FixedRecords.R2_ID;
import static org.govshare.gateway.demo.FixedRecords.R3_ID;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.JobClient;
import org.govshare.gateway.testing.RealServers;
import org.govshare.gateway.testing.RealServersTest;
import org.govshare.gateway.testing.SourceStatementLog;
import org.govshare.gateway.testing.StatementLogConfiguration;
import org.govshare.gateway.testing.TestSupport;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Verification jobs with claims about a related record, end to end through HTTP with real tokens against the real
 * servers (police on PostgreSQL, tax on MariaDB, control plane on PostgreSQL, guessing defence in Redis): the
 * civil-affairs office's minimum living allowance roster check (低保复核) claims each member's income of a year at
 * most the grant's bound threshold. Each subject's outcome is the one online {@code verifyResident} gives, a set
 * statement per batch at each source checks it, another threshold is refused as online, and per-subject or deeper
 * related claims are refused with a clear error.
 */
@RealServersTest
@ActiveProfiles("demo")
@Import(StatementLogConfiguration.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "govshare.demo.residents=2000",
            TestSupport.TEST_GRANTS,
            "govshare.jobs.batch-size=8",
            "govshare.jobs.poll-interval=100ms"
        })
class RelatedClaimJobIT {
    private static final String CONSUMER = "civil-affairs-allowance";
    private static final String PURPOSE = "MINIMUM_LIVING_ALLOWANCE_REVIEW";
    private static final String INCOME_CLAIM = "{\"income\": {\"year\": 2024, \"annualIncomeAtMost\": 30000}}";

    @Value("${local.server.port}")
    int port;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    @Autowired
    SourceStatementLog statements;

    @Autowired
    DataSource controlPlane;

    @BeforeEach
    void heal() {
        statements.heal();
        statements.clear();
    }

    private String token() {
        return TestTokens.withScopes(issuerKeys, CONSUMER, List.of("govshare.query"));
    }

    @Test
    void theRosterCheckGivesEverySubjectTheOutcomeOnlineVerificationGivesWithOneSetStatementPerBatchAtEachSource()
            throws SQLException, InterruptedException {
        List<String> keys = new ArrayList<>(List.of(R1_ID, R2_ID, R3_ID, R0_ID));
        keys.addAll(generatedResidents(12));
        JobClient office = new JobClient(port, token(), PURPOSE);

        String id = office.submitted("Resident", INCOME_CLAIM, "text/csv", "idNumber\n" + String.join("\n", keys));
        assertThat(office.awaitFinished(id).get("state").asString()).isEqualTo("DONE");
        List<String> results = office.results(id, 100);

        // The fixed residents' 2024 incomes: 39,000, 420,000, 26,400; R0 is nobody.
        assertThat(results.subList(0, 4))
                .containsExactly(
                        R1_ID + "=MISMATCH income.annualIncomeAtMost=MISMATCH",
                        R2_ID + "=MISMATCH income.annualIncomeAtMost=MISMATCH",
                        R3_ID + "=MATCH income.annualIncomeAtMost=MATCH",
                        R0_ID + "=NO_RECORD income.annualIncomeAtMost=NO_RECORD");
        // One statement per batch of 8 keys at each source: the subjects at the police, their incomes at the tax
        // bureau; the threshold and the year are parameters, and no income comes back.
        List<String> police = statements.sqlOf("police");
        List<String> tax = statements.sqlOf("tax");
        assertThat(police).hasSize(2).allSatisfy(sql -> assertThat(sql).doesNotContain(R1_ID));
        assertThat(tax).hasSize(2).allSatisfy(sql -> assertThat(sql)
                .contains("CASE WHEN")
                .contains("tax_year")
                .doesNotContain("30000")
                .doesNotContain("2024")
                .doesNotContain(R1_ID));

        // The tax bureau's statement looks the keys up on its primary key (id_number, tax_year), no full scan.
        String plan = explain(tax.get(0));
        assertThat(plan).contains("PRIMARY").doesNotContain("type=ALL");

        GraphQlHttpClient online = GraphQlHttpClient.of(port, token(), PURPOSE);
        List<String> onlineResults = new ArrayList<>();
        for (String key : keys) {
            // The grant allows 10 requests a second: the online checks keep below it.
            Thread.sleep(120);
            JsonNode verification = online.post(
                            "query($id: ID!) { verifyResident(idNumber: $id, claims: {income: {year: 2024,"
                                    + " annualIncomeAtMost: 30000}}) { outcome claims { claim outcome } } }",
                            Map.of("id", key))
                    .at("/data/verifyResident");
            assertThat(verification.isObject()).as(key).isTrue();
            StringBuilder line =
                    new StringBuilder(key + "=" + verification.get("outcome").asString());
            for (JsonNode claim : verification.get("claims")) {
                line.append(' ')
                        .append(claim.get("claim").asString())
                        .append('=')
                        .append(claim.get("outcome").asString());
            }
            onlineResults.add(line.toString());
        }
        assertThat(results).containsExactlyElementsOf(onlineResults);

        // The batch's audit record is on R3's access log, with the related type's field it verified.
        JsonNode log = new AdminApi(port)
                .query(
                        "authority-admin",
                        "query($s: ID!) { accessLog(subject: $s) { consumer purpose fields job } }",
                        Map.of("s", R3_ID))
                .get("accessLog");
        JsonNode batch = null;
        for (JsonNode entry : log) {
            if (id.equals(entry.get("job").asString(null))
                    && entry.get("fields").toString().contains("IncomeRecord.annualIncome")) {
                batch = entry;
            }
        }
        assertThat(batch).as(log.toString()).isNotNull();
        assertThat(batch.get("consumer").asString()).isEqualTo(CONSUMER);
        assertThat(batch.get("purpose").asString()).isEqualTo(PURPOSE);
    }

    @Test
    void theTaxSourceIsOneOfTheJobsSourcesInItsProgressItsOutageItsStewardsViewAndItsBatchRecord()
            throws SQLException, InterruptedException {
        statements.fail("tax");
        JobClient office = new JobClient(port, token(), PURPOSE);
        String id = office.submitted("Resident", INCOME_CLAIM, "text/csv", "idNumber\n" + R3_ID + "\n" + R0_ID + "\n");

        // The tax bureau is down: the job waits for it, and says so on the tax source, not on the police's.
        JsonNode waiting = office.progress(id);
        for (int i = 0; i < 400 && waiting.at("/sources/1/waiting").isMissingNode(); i++) {
            Thread.sleep(50);
            waiting = office.progress(id);
        }
        for (int i = 0; i < 400 && waiting.at("/sources/1/waiting").isNull(); i++) {
            Thread.sleep(50);
            waiting = office.progress(id);
        }
        assertThat(waiting.get("state").asString()).as("%s", waiting).isEqualTo("RUNNING");
        assertThat(waiting.get("pending").asInt()).isEqualTo(2);
        assertThat(waiting.get("sources").findValuesAsString("source")).containsExactly("police", "tax");
        assertThat(waiting.at("/sources/0/waiting").isNull()).as("%s", waiting).isTrue();
        assertThat(waiting.at("/sources/1/waiting").asString())
                .isEqualTo("source tax unavailable; its subjects are pending");
        assertThat(waiting.at("/sources/1/pending").asInt()).isEqualTo(2);

        // The tax bureau's steward sees the job (its claims are about tax records) with the progress at its source
        // only, the police's with the progress at the police source; the pension office's steward does not see it.
        String jobs = "query { verificationJobs(first: 100) { edges { node { id consumer pendingReason"
                + " sources { source total done pending waiting } } } } }";
        AdminApi admin = new AdminApi(port);
        JsonNode asTax = admin.queryWithToken(
                TestTokens.withScopes(issuerKeys, "tax-steward-" + id.substring(0, 8), List.of("steward:tax")),
                jobs,
                Map.of());
        JsonNode taxView = node(asTax, id);
        assertThat(taxView).as("%s", asTax).isNotNull();
        assertThat(taxView.get("consumer").asString()).isEqualTo(CONSUMER);
        assertThat(taxView.get("sources").toString())
                .isEqualTo("[{\"source\":\"tax\",\"total\":2,\"done\":0,\"pending\":2,"
                        + "\"waiting\":\"source tax unavailable; its subjects are pending\"}]");
        assertThat(asTax.at("/data/verificationJobs/edges"))
                .as("the tax bureau's steward sees only jobs that touch tax records")
                .allSatisfy(edge -> assertThat(edge.at("/node/sources").findValuesAsString("source"))
                        .containsExactly("tax"));
        JsonNode asPolice = admin.queryWithToken(
                TestTokens.withScopes(issuerKeys, "police-steward-" + id.substring(0, 8), List.of("steward:police")),
                jobs,
                Map.of());
        assertThat(node(asPolice, id).get("sources").findValuesAsString("source"))
                .containsExactly("police");
        JsonNode asHrss = admin.query("hrss-steward", jobs, Map.of());
        assertThat(node(asHrss, id)).as("%s", asHrss).isNull();
        assertThat(asHrss.at("/verificationJobs/edges").findValuesAsString("consumer"))
                .doesNotContain(CONSUMER);
        JsonNode asAuthority = admin.query("authority-admin", jobs, Map.of());
        assertThat(node(asAuthority, id).get("sources").findValuesAsString("source"))
                .containsExactly("police", "tax");

        // The tax bureau is back: the job goes on from where it waited, and every source is done.
        statements.heal();
        JsonNode done = office.awaitFinished(id);
        assertThat(done.get("state").asString()).isEqualTo("DONE");
        assertThat(done.get("sources").toString())
                .isEqualTo("[{\"source\":\"police\",\"total\":2,\"done\":2,\"pending\":0,\"waiting\":null},"
                        + "{\"source\":\"tax\",\"total\":2,\"done\":2,\"pending\":0,\"waiting\":null}]");
        assertThat(office.results(id, 100))
                .containsExactly(
                        R3_ID + "=MATCH income.annualIncomeAtMost=MATCH",
                        R0_ID + "=NO_RECORD income.annualIncomeAtMost=NO_RECORD");

        // The batch's record accounts for what went to each source: both keys to the police, R3's (the one with a
        // record there) to the tax bureau.
        assertThat(batchRecordRows(id)).containsExactly("police=2,tax=1");
    }

    /** The job's node in a {@code verificationJobs} answer, or null. */
    private static JsonNode node(JsonNode answer, String id) {
        JsonNode data = answer.has("data") ? answer.get("data") : answer;
        for (JsonNode edge : data.at("/verificationJobs/edges")) {
            if (id.equals(edge.at("/node/id").asString())) {
                return edge.get("node");
            }
        }
        return null;
    }

    /** The rows per source of each batch record of job {@code id} on the audit trail. */
    private List<String> batchRecordRows(String id) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = controlPlane.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT source_rows FROM audit_record"
                        + " WHERE operation LIKE 'job batch:%' AND codes LIKE ? ORDER BY seq")) {
            statement.setString(1, "%" + JobCodes.of(id) + "%");
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
        }
        return rows;
    }

    @Test
    void refusesAThresholdTheGrantDoesNotBindAsOnlineVerificationDoes() {
        JobClient office = new JobClient(port, token(), PURPOSE);

        for (String claims : List.of(
                "{\"income\": {\"year\": 2024, \"annualIncomeAtMost\": 30001}}",
                "{\"income\": {\"year\": 2024, \"annualIncomeAtLeast\": 30000}}")) {
            HttpResponse<String> refused = office.submit("Resident", claims, "text/csv", "idNumber\n" + R1_ID + "\n");
            assertThat(JobClient.json(refused, 403)
                            .at("/errors/0/extensions/code")
                            .asString())
                    .isEqualTo("FORBIDDEN_FIELD");
        }
        JsonNode online = GraphQlHttpClient.of(port, token(), PURPOSE)
                .post(
                        "query($id: ID!) { verifyResident(idNumber: $id, claims: {income: {year: 2024,"
                                + " annualIncomeAtMost: 30001}}) { outcome } }",
                        Map.of("id", R1_ID));
        assertThat(online.at("/errors/0/extensions/code").asString()).isEqualTo("FORBIDDEN_FIELD");
        assertThat(statements.sqlOf("tax")).isEmpty();
    }

    @Test
    void refusesRelatedClaimsPerSubjectAndRelatedRecordsTheSubjectsKeyDoesNotReach() {
        JobClient office = new JobClient(port, token(), PURPOSE);

        HttpResponse<String> perSubject = office.submit(
                "Resident",
                null,
                "application/x-ndjson",
                "{\"idNumber\": \"" + R1_ID + "\", \"claims\": " + INCOME_CLAIM + "}\n");
        assertThat(JobClient.json(perSubject, 400).at("/errors/0/message").asString())
                .contains("per-subject claims");

        HttpResponse<String> elsewhere = office.submit(
                "Enterprise",
                "{\"legalRepresentative\": {\"name\": \"李建国\"}}",
                "application/x-ndjson",
                "{\"creditCode\": \"91441900MA4UJ0K88K\"}\n");
        JsonNode error = JobClient.json(elsewhere, 400).at("/errors/0");
        assertThat(error.at("/extensions/code").asString()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.get("message").asString())
                .contains("the subject's own key")
                .doesNotContain("李建国");
        assertThat(statements.statements()).isEmpty();
    }

    @Test
    void countsAMismatchedIncomeClaimAgainstTheSubjectTogetherWithOnlineVerification() throws SQLException {
        String above = residentEarningAbove30000();
        GraphQlHttpClient online = GraphQlHttpClient.of(port, token(), PURPOSE);
        String document = "query($id: ID!) { verifyResident(idNumber: $id, claims: {income: {year: 2024,"
                + " annualIncomeAtMost: 30000}}) { outcome } }";
        for (int guess = 0; guess < 4; guess++) {
            assertThat(online.post(document, Map.of("id", above))
                            .at("/data/verifyResident/outcome")
                            .asString())
                    .isEqualTo("MISMATCH");
        }
        JobClient office = new JobClient(port, token(), PURPOSE);
        String csv = "idNumber\n" + above + "\n" + R3_ID + "\n";

        // The grant allows 5 guesses per subject and day: the job makes the fifth, the next job may not ask.
        String fifth = office.submitted("Resident", INCOME_CLAIM, "text/csv", csv);
        office.awaitFinished(fifth);
        assertThat(office.results(fifth, 100))
                .containsExactly(
                        above + "=MISMATCH income.annualIncomeAtMost=MISMATCH",
                        R3_ID + "=MATCH income.annualIncomeAtMost=MATCH");
        String sixth = office.submitted("Resident", INCOME_CLAIM, "text/csv", csv);
        office.awaitFinished(sixth);
        assertThat(office.results(sixth, 100))
                .containsExactly(
                        above + "=REFUSED income.annualIncomeAtMost=REFUSED",
                        R3_ID + "=MATCH income.annualIncomeAtMost=MATCH");
        assertThat(online.post(document, Map.of("id", above))
                        .at("/errors/0/extensions/code")
                        .asString())
                .isEqualTo("QUOTA_EXCEEDED");
    }

    /** A generated resident whose 2024 income at the tax bureau (MariaDB) is above 30,000; none of the first ones. */
    private static String residentEarningAbove30000() throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        RealServers.MARIADB + RealServers.MARIADB_DATABASES.get("tax"), "root", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT max(id_number) FROM income_record"
                        + " WHERE tax_year = 2024 AND annual_income > 30000")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** MariaDB's plan of {@code sql} at the tax bureau, for R1's income of 2024. */
    private static String explain(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        RealServers.MARIADB + RealServers.MARIADB_DATABASES.get("tax"), "root", "");
                PreparedStatement statement = connection.prepareStatement("EXPLAIN " + sql)) {
            // Each parameter by the column it is compared with: the year, the threshold, otherwise a key.
            int parameter = 0;
            for (int at = sql.indexOf('?'); at >= 0; at = sql.indexOf('?', at + 1)) {
                String before = sql.substring(Math.max(0, at - 24), at);
                statement.setObject(
                        ++parameter,
                        before.contains("tax_year") ? 2024 : before.contains("annual_income") ? 30000 : R1_ID);
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = statement.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    for (int i = 1; i <= columns; i++) {
                        plan.append(rows.getMetaData().getColumnLabel(i))
                                .append('=')
                                .append(rows.getString(i))
                                .append(' ');
                    }
                    plan.append('\n');
                }
            }
            return plan.toString();
        }
    }

    /** Generated residents of the police database (not the fixed ones), in key order. */
    private static List<String> generatedResidents(int count) throws SQLException {
        List<String> residents = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                        RealServers.POSTGRES + RealServers.database("police"), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id_number FROM resident WHERE id_number NOT IN ('"
                        + R1_ID + "', '" + R2_ID + "', '" + R3_ID + "') ORDER BY id_number LIMIT " + count)) {
            while (rows.next()) {
                residents.add(rows.getString(1));
            }
        }
        return residents;
    }
}
