package org.govshare.gateway.job;

import static java.util.Objects.requireNonNull;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Batch verification jobs end to end, through HTTP with real tokens against the real servers (police on PostgreSQL,
 * control plane on PostgreSQL, guessing defence in Redis): submission, progress, results page by page and as streams,
 * set statements at the source, the grant's batch limits refusing a job whole, mismatches counted per subject with
 * online verification, every subject's access log showing the job, and a source that is down leaving subjects
 * pending until it is back.
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
            // Uploads read at 10,000 subjects a second: 5,000 take at least half a second.
            "govshare.jobs.upload-rate=10000",
            // Jobs checked at 20 subjects a second: batches of 8, one every 400 ms.
            "govshare.jobs.processing-rate=20",
            "govshare.jobs.poll-interval=100ms"
        })
class VerificationJobIT {
    private static final String NDJSON = "application/x-ndjson";

    @Value("${local.server.port}")
    int port;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    @Autowired
    SourceStatementLog statements;

    @BeforeEach
    void heal() {
        statements.heal();
        statements.clear();
    }

    private JobClient client(String purpose) {
        return new JobClient(port, TestTokens.withScopes(issuerKeys, "batch-test", List.of("govshare.query")), purpose);
    }

    @Test
    void checksEverySubjectInSetsAndReturnsOnlyOutcomes() throws SQLException {
        Map<String, String> regions = generatedResidents(20);
        List<String> keys = new ArrayList<>(List.of(R1_ID, R2_ID, R3_ID, R0_ID));
        keys.addAll(regions.keySet());
        JobClient client = client("BATCH_CHECK");

        String id = client.submitted("Resident", "{\"regionCode\": \"441900\"}", NDJSON, ndjson(keys));
        JsonNode finished = client.awaitFinished(id);

        assertThat(finished.get("state").asString()).isEqualTo("DONE");
        assertThat(finished.get("done").asInt()).isEqualTo(keys.size());
        assertThat(finished.get("sources").get(0).get("source").asString()).isEqualTo("police");
        assertThat(finished.get("caseId").asString()).isEqualTo("MONTHLY-2026-12");
        List<String> expected = new ArrayList<>(List.of(
                R1_ID + "=MATCH regionCode=MATCH",
                R2_ID + "=MISMATCH regionCode=MISMATCH",
                R3_ID + "=MATCH regionCode=MATCH",
                R0_ID + "=NO_RECORD regionCode=NO_RECORD"));
        regions.forEach((key, region) -> {
            String outcome = region.equals("441900") ? "MATCH" : "MISMATCH";
            expected.add(key + "=" + outcome + " regionCode=" + outcome);
        });
        assertThat(client.results(id, 5)).containsExactlyElementsOf(expected);

        // One statement per batch of keys, never one per subject, and never a value in its text.
        List<String> sql = statements.sqlOf("police").stream()
                .filter(text -> text.contains("CASE WHEN"))
                .toList();
        assertThat(sql).isNotEmpty().hasSizeLessThanOrEqualTo((keys.size() + 7) / 8);
        assertThat(sql)
                .allSatisfy(text -> assertThat(text).doesNotContain("441900").doesNotContain(R1_ID));
        // PostgreSQL takes a batch's keys as one array: one statement text whatever the number of keys.
        assertThat(sql)
                .allSatisfy(text ->
                        assertThat(text).contains("\"id_number\" = ANY(?)").doesNotContain(" OR "));

        HttpResponse<String> stream = client.get("/jobs/" + id + "/results", NDJSON);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body().lines())
                .hasSize(keys.size())
                .first()
                .asString()
                .isEqualTo("{\"key\":\"" + R1_ID
                        + "\",\"outcome\":\"MATCH\",\"claims\":[{\"claim\":\"regionCode\",\"outcome\":\"MATCH\"}]}");
        HttpResponse<String> csv = client.get("/jobs/" + id + "/results", "text/csv");
        assertThat(csv.body().lines().limit(3))
                .containsExactly("key,outcome,regionCode", R1_ID + ",MATCH,MATCH", R2_ID + ",MISMATCH,MISMATCH");
    }

    @Test
    void thePensionFundsMonthlyCheckFindsThePensionersWhoseDeathIsRegistered() throws SQLException {
        String deceased = residentRegistered("DECEASED");
        String emigrated = residentRegistered("EMIGRATED");
        JobClient fund = new JobClient(
                port,
                TestTokens.withScopes(issuerKeys, "pension-fund", List.of("govshare.query")),
                "PENSION_ELIGIBILITY_CHECK");

        String id = fund.submitted(
                "Resident",
                "{\"registrationStatus\": \"ALIVE\"}",
                "text/csv",
                "idNumber\n" + R1_ID + "\n" + deceased + "\n" + R3_ID + "\n" + emigrated + "\n" + R0_ID + "\n");

        assertThat(fund.awaitFinished(id).get("state").asString()).isEqualTo("DONE");
        assertThat(fund.results(id, 100))
                .containsExactly(
                        R1_ID + "=MATCH registrationStatus=MATCH",
                        deceased + "=MISMATCH registrationStatus=MISMATCH",
                        R3_ID + "=MATCH registrationStatus=MATCH",
                        emigrated + "=MISMATCH registrationStatus=MISMATCH",
                        R0_ID + "=NO_RECORD registrationStatus=NO_RECORD");
        // The status is compared at the source: neither it nor a death registration date is in the statement's text.
        assertThat(statements.sqlOf("police").stream()
                        .filter(text -> text.contains("CASE WHEN"))
                        .toList())
                .isNotEmpty()
                .allSatisfy(text -> assertThat(text)
                        .contains("registration_status")
                        .doesNotContain("ALIVE")
                        .doesNotContain("death_registered_on"));
    }

    @Test
    void checksPerSubjectClaimsFromCsvAndShowsTheJobInEachSubjectsAccessLog() {
        JobClient client = client("BATCH_CHECK");
        String id =
                client.submitted("Resident", null, "text/csv", "idNumber,name\n" + R1_ID + ",张秀英\n" + R3_ID + ",李建国\n");

        assertThat(client.awaitFinished(id).get("state").asString()).isEqualTo("DONE");
        assertThat(client.results(id, 100))
                .containsExactly(R1_ID + "=MATCH name=MATCH", R3_ID + "=MISMATCH name=MISMATCH");

        JsonNode log = new AdminApi(port)
                .query(
                        "authority-admin",
                        "query($s: ID!) { accessLog(subject: $s) { consumer purpose caseId operatorId fields job } }",
                        Map.of("s", R3_ID))
                .get("accessLog");
        assertThat(log.findValuesAsString("job")).contains(id);
        JsonNode record = null;
        for (JsonNode entry : log) {
            if (id.equals(entry.get("job").asString(null))) {
                record = entry;
            }
        }
        assertThat(record).isNotNull();
        assertThat(record.get("consumer").asString()).isEqualTo("batch-test");
        assertThat(record.get("purpose").asString()).isEqualTo("BATCH_CHECK");
        assertThat(record.get("caseId").asString()).isEqualTo("MONTHLY-2026-12");
        assertThat(record.get("operatorId").asString()).isEqualTo("clerk-007");
        assertThat(record.get("fields").toString()).contains("Resident.name");
    }

    /** An upload is read at most at the configured rate: a consumer's upload cannot take the cores from others. */
    @Test
    void anUploadIsReadNoFasterThanTheUploadRate() throws SQLException {
        // 5,000 subjects and a malformed last line: the upload is read whole, then refused (nothing checked, no
        // guess booked, nothing counted against the day's subjects).
        JobClient client = client("BATCH_CANCEL_TEST");
        List<String> generated = List.copyOf(generatedResidents(5_000).keySet());
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            keys.add(generated.get(i % generated.size()));
        }
        String body = ndjson(keys) + "{\"idNumber\": \"not-an-id\"}\n";

        long started = System.nanoTime();
        HttpResponse<String> refused = client.submit("Resident", "{\"regionCode\": \"441900\"}", NDJSON, body);
        long took = System.nanoTime() - started;

        assertThat(JobClient.json(refused, 400).at("/errors/0/extensions/code").asString())
                .isEqualTo("INVALID_ARGUMENT");
        // The last line is read once the 5,000th subject is due: 5,000 / 10,000 s after the first.
        assertThat(took)
                .as("nanoseconds to read 5,000 subjects at 10,000 a second")
                .isGreaterThanOrEqualTo(500_000_000L);
    }

    /**
     * A job is checked at most at the configured processing rate: an operator can leave the cores, the sources and
     * Redis to online requests while a job runs, at the price of the job's time.
     */
    @Test
    void aJobIsCheckedNoFasterThanTheProcessingRate() throws SQLException {
        JobClient client = client("BATCH_CHECK");
        List<String> keys = List.copyOf(generatedResidents(40).keySet());

        long started = System.nanoTime();
        String id = client.submitted("Resident", "{\"regionCode\": \"441900\"}", NDJSON, ndjson(keys));
        JsonNode finished = client.awaitFinished(id);
        long took = System.nanoTime() - started;

        assertThat(finished.get("state").asString()).isEqualTo("DONE");
        assertThat(finished.get("done").asInt()).isEqualTo(40);
        // Five batches of 8: the fifth is due once 32 subjects are checked, 32 / 20 s after the first.
        assertThat(took).as("nanoseconds to check 40 subjects at 20 a second").isGreaterThanOrEqualTo(1_600_000_000L);
    }

    @Test
    void refusesAJobWholeWhenItsSubjectsDoNotFitTheGrantsBatchLimits() throws SQLException {
        JobClient client = client("BATCH_CHECK");
        int jobsBefore =
                JobClient.json(client.get("/jobs", null), 200).get("jobs").size();
        List<String> keys = new ArrayList<>(generatedResidents(41).keySet());

        HttpResponse<String> refused = client.submit("Resident", "{\"regionCode\": \"441900\"}", NDJSON, ndjson(keys));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(JobClient.json(refused, 429).at("/errors/0/extensions/code").asString())
                .isEqualTo("QUOTA_EXCEEDED");
        assertThat(JobClient.json(client.get("/jobs", null), 200).get("jobs").size())
                .isEqualTo(jobsBefore);
        assertThat(statements.sqlOf("police")).isEmpty();

        HttpResponse<String> noBatchUse = client("BATCH_NOT_ALLOWED")
                .submit("Resident", "{\"regionCode\": \"441900\"}", NDJSON, ndjson(List.of(R1_ID)));
        assertThat(JobClient.json(noBatchUse, 403)
                        .at("/errors/0/extensions/code")
                        .asString())
                .isEqualTo("FORBIDDEN_FIELD");
        HttpResponse<String> ungranted =
                client.submit("Resident", "{\"birthDate\": \"1962-03-15\"}", NDJSON, ndjson(List.of(R1_ID)));
        assertThat(JobClient.json(ungranted, 403)
                        .at("/errors/0/extensions/code")
                        .asString())
                .isEqualTo("FORBIDDEN_FIELD");
    }

    @Test
    void countsMismatchedPerSubjectClaimsAsOnlineVerificationDoes() throws SQLException {
        JobClient client = client("BATCH_CHECK");
        // A subject no other test guesses about: the guesses counted here are this test's alone. The other tests'
        // jobs of this consumer claim regionCode 441900 over the generated residents and stop at a moment that
        // depends on timing, so the subject is one in that region (their claim about it matches: no guess).
        String guessed = generatedResidents(5_000).entrySet().stream()
                .filter(resident -> "441900".equals(resident.getValue()))
                .map(Map.Entry::getKey)
                .reduce((first, second) -> second)
                .orElseThrow();
        String csv = "idNumber,name\n" + guessed + ",王五\n" + R1_ID + ",张秀英\n";

        for (int job = 0; job < 2; job++) {
            String id = client.submitted("Resident", null, "text/csv", csv);
            client.awaitFinished(id);
            assertThat(client.results(id, 100))
                    .containsExactly(guessed + "=MISMATCH name=MISMATCH", R1_ID + "=MATCH name=MATCH");
        }
        // The grant allows 2 guesses per subject and day: the third job withholds the outcome about that subject.
        String third = client.submitted("Resident", null, "text/csv", csv);
        client.awaitFinished(third);
        assertThat(client.results(third, 100))
                .containsExactly(guessed + "=REFUSED name=REFUSED", R1_ID + "=MATCH name=MATCH");
        // And online verification shares the count.
        JsonNode online = GraphQlHttpClient.of(
                        port, TestTokens.withScopes(issuerKeys, "batch-test", List.of("govshare.query")), "BATCH_CHECK")
                .post(
                        "query($id: ID!) { verifyResident(idNumber: $id, claims: {name: \"李建国\"}) { outcome } }",
                        Map.of("id", guessed));
        assertThat(online.at("/errors/0/extensions/code").asString()).isEqualTo("QUOTA_EXCEEDED");
    }

    /**
     * A job is not a way round the guessing defence: one subject named many times in one job, with a different name
     * each time, gets outcomes for no more names than the day's guesses allow, and the name that would match, asked
     * once the guesses are spent, is withheld like the wrong ones (a withheld outcome does not tell a match apart).
     * Each line is answered for its own claim: a wrong name beside the right one reads as a mismatch.
     */
    @Test
    void aSubjectNamedManyTimesInOneJobRevealsNoMoreThanTheDaysGuesses() throws SQLException {
        JobClient client = client("BATCH_CHECK");
        // Subjects no other test names: the third and second to last of the generated residents in 441900 (see above).
        List<String> inRegion = generatedResidents(5_000).entrySet().stream()
                .filter(resident -> "441900".equals(resident.getValue()))
                .map(Map.Entry::getKey)
                .toList();
        String both = inRegion.get(inRegion.size() - 3);
        String guessed = inRegion.get(inRegion.size() - 2);
        String name = nameOf(guessed);
        assertThat(List.of(name, nameOf(both))).doesNotContainAnyElementsOf(List.of("王五", "李四", "赵六"));
        String csv = "idNumber,name\n" + both + "," + nameOf(both) + "\n" + both + ",王五\n"
                + guessed + ",王五\n" + guessed + ",李四\n" + guessed + "," + name + "\n" + guessed + ",赵六\n"
                + R1_ID + ",张秀英\n";

        String id = client.submitted("Resident", null, "text/csv", csv);
        client.awaitFinished(id);

        assertThat(client.results(id, 100))
                .containsExactly(
                        both + "=MATCH name=MATCH",
                        both + "=MISMATCH name=MISMATCH",
                        guessed + "=MISMATCH name=MISMATCH",
                        guessed + "=MISMATCH name=MISMATCH",
                        guessed + "=REFUSED name=REFUSED",
                        guessed + "=REFUSED name=REFUSED",
                        R1_ID + "=MATCH name=MATCH");
    }

    @Test
    void aSourceThatIsDownLeavesSubjectsPendingAndTheJobGoesOnWhenItIsBack() {
        statements.fail("police");
        JobClient client = client("BATCH_CHECK");
        String id = client.submitted("Resident", "{\"regionCode\": \"441900\"}", NDJSON, ndjson(List.of(R1_ID, R2_ID)));

        JsonNode waiting = client.progress(id);
        for (int i = 0; i < 200 && waiting.get("sources").get(0).get("waiting").isNull(); i++) {
            waiting = client.progress(id);
        }
        assertThat(waiting.get("state").asString()).isEqualTo("RUNNING");
        assertThat(waiting.get("pending").asInt()).isEqualTo(2);
        assertThat(waiting.get("sources").get(0).get("waiting").asString()).contains("police");

        statements.heal();
        assertThat(client.awaitFinished(id).get("state").asString()).isEqualTo("DONE");
        assertThat(client.results(id, 100))
                .containsExactly(R1_ID + "=MATCH regionCode=MATCH", R2_ID + "=MISMATCH regionCode=MISMATCH");
    }

    @Test
    void anotherConsumersJobIsNotThereAndCancelledOrDeletedResultsAreAccountedFor() {
        JobClient client = client("BATCH_CHECK");
        String id = client.submitted("Resident", "{\"regionCode\": \"441900\"}", NDJSON, ndjson(List.of(R1_ID)));
        client.awaitFinished(id);

        JobClient other = new JobClient(
                port, TestTokens.withScopes(issuerKeys, "someone-else", List.of("govshare.query")), "BATCH_CHECK");
        assertThat(JobClient.json(other.get("/jobs/" + id, null), 404)
                        .at("/errors/0/extensions/code")
                        .asString())
                .isEqualTo("INVALID_ARGUMENT");
        assertThat(JobClient.json(client("BATCH_NOT_ALLOWED").get("/jobs/" + id, null), 404)
                        .at("/errors/0/extensions/code")
                        .asString())
                .isEqualTo("INVALID_ARGUMENT");

        assertThat(JobClient.json(client.submit("Resident", null, "application/json", "[]"), 400)
                        .at("/errors/0/extensions/code")
                        .asString())
                .isEqualTo("INVALID_ARGUMENT");
        assertThat(JobClient.json(client.get("/jobs/" + id + "/results?from=abc", null), 400)
                        .at("/errors/0/extensions/code")
                        .asString())
                .isEqualTo("INVALID_ARGUMENT");
        assertThat(JobClient.json(
                                client.submit(
                                        "Resident",
                                        "{\"regionCode\": \"441900\"}",
                                        NDJSON,
                                        "{\"idNumber\": \"44190019620315048Y\"}\n"),
                                400)
                        .at("/errors/0/message")
                        .asString())
                .startsWith("line 1")
                .doesNotContain("44190019620315048Y");

        JsonNode deleted = JobClient.json(client.delete("/jobs/" + id), 200);
        assertThat(deleted.get("state").asString()).isEqualTo("EXPIRED");
        assertThat(JobClient.json(client.get("/jobs/" + id + "/results", null), 400)
                        .at("/errors/0/extensions/code")
                        .asString())
                .isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void aCancelledJobChecksNoFurtherSubjectAndKeepsItsResultsSoFar() throws SQLException {
        JobClient client = client("BATCH_CANCEL_TEST");
        List<String> keys = List.copyOf(generatedResidents(5_000).keySet());
        String id = client.submitted("Resident", "{\"regionCode\": \"441900\"}", NDJSON, ndjson(keys));
        int done = stoppedMidway(client, id, keys.size());

        JsonNode cancelled = JobClient.json(client.post("/jobs/" + id + "/cancel"), 200);
        assertThat(cancelled.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("done").asInt()).isEqualTo(done);

        // The source is back and the runner goes on with a job submitted after it: had the cancelled job been
        // runnable, the runner (which takes jobs in submission order) would have taken it up first.
        statements.clear();
        statements.heal();
        String later = client.submitted("Resident", "{\"regionCode\": \"441900\"}", NDJSON, ndjson(List.of(R1_ID)));
        assertThat(client.awaitFinished(later).get("state").asString()).isEqualTo("DONE");

        assertThat(setStatementsAtThePolice())
                .as("only the later job's one batch")
                .isEqualTo(1);
        JsonNode after = client.progress(id);
        assertThat(after.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(after.get("done").asInt()).isEqualTo(done);
        List<String> results = client.results(id, 1_000);
        assertThat(results).hasSize(done);
        assertThat(results.get(0)).startsWith(keys.get(0) + "=");
    }

    @Test
    void aJobCancelledWhileItsBatchIsCheckedSendsNoFurtherStatement() throws Exception {
        JobClient client = client("BATCH_CANCEL_TEST");
        // The last of the generated residents: a batch checked here books its mismatches (kept or not), and the
        // other tests check the first ones.
        List<String> all = List.copyOf(generatedResidents(5_000).keySet());
        List<String> keys = all.subList(all.size() - 40, all.size());
        // The cancellation lands while the job's first batch is at the source. The job may start before its
        // submission is answered, so the hook finds it among the consumer's running jobs; it runs on the runner's
        // thread and only records.
        List<HttpResponse<String>> cancellations = new CopyOnWriteArrayList<>();
        statements.afterNext("police", "CASE WHEN", () -> {
            for (JsonNode job : JobClient.json(client.get("/jobs", null), 200).get("jobs")) {
                if (job.get("state").asString().equals("RUNNING")) {
                    cancellations.add(client.post("/jobs/" + job.get("id").asString() + "/cancel"));
                }
            }
        });
        String id = client.submitted("Resident", "{\"regionCode\": \"441900\"}", NDJSON, ndjson(keys));

        JsonNode finished = client.awaitFinished(id);
        // Batches come every 400 ms here: a second statement, had the runner sent one, would be in the log by now.
        Thread.sleep(1_500);

        assertThat(cancellations).hasSize(1);
        assertThat(JobClient.json(cancellations.get(0), 200).get("id").asString())
                .isEqualTo(id);
        assertThat(finished.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(setStatementsAtThePolice())
                .as("the batch under way when the job was cancelled, and none after it")
                .isEqualTo(1);
        assertThat(client.progress(id).get("done").asInt())
                .as("the batch checked when the job was cancelled is not kept")
                .isZero();
    }

    @Test
    void aGrantWithdrawnWhileItsJobRunsStopsTheJobRefusedBeforeAnotherSubjectIsChecked() throws SQLException {
        JobClient client = client("BATCH_WITHDRAW_TEST");
        List<String> keys = List.copyOf(generatedResidents(5_000).keySet());
        String id = client.submitted("Resident", "{\"regionCode\": \"441900\"}", NDJSON, ndjson(keys));
        int done = stoppedMidway(client, id, keys.size());

        new AdminApi(port)
                .query(
                        "authority-admin",
                        "mutation { changeGrant(change: {grantId: \"G-BATCH-WITHDRAW-TEST\", revoke: true},"
                                + " reason: \"withdrawn while its job runs\") { version } }",
                        Map.of());
        // The withdrawal is in force (online too) before the source comes back.
        GraphQlHttpClient online = GraphQlHttpClient.of(
                port,
                TestTokens.withScopes(issuerKeys, "batch-test", List.of("govshare.query")),
                "BATCH_WITHDRAW_TEST");
        String verify =
                "query($id: ID!) { verifyResident(idNumber: $id, claims: {regionCode: \"441900\"}) { outcome } }";
        JsonNode refused = online.post(verify, Map.of("id", R1_ID));
        for (int i = 0; i < 100 && !refused.has("errors"); i++) {
            refused = online.post(verify, Map.of("id", R1_ID));
        }
        assertThat(refused.at("/errors/0/extensions/code").asString()).isEqualTo("PURPOSE_NOT_GRANTED");
        statements.clear();
        statements.heal();

        JsonNode stopped = client.awaitFinished(id);
        assertThat(stopped.get("state").asString()).isEqualTo("REFUSED");
        assertThat(stopped.get("done").asInt()).isEqualTo(done);
        assertThat(stopped.get("sources").get(0).get("waiting").asString()).isNotBlank();
        assertThat(setStatementsAtThePolice())
                .as("no batch after the withdrawal")
                .isZero();
        assertThat(client.results(id, 1_000)).hasSize(done);
    }

    /**
     * Lets job {@code id} check some of its subjects, then makes the police source fail and waits until the job is
     * waiting for it (so no batch of it is under way): its subjects done then, more than none and fewer than all.
     */
    private int stoppedMidway(JobClient client, String id, int total) {
        JsonNode progress = client.progress(id);
        for (int i = 0; i < 2_000 && progress.get("done").asInt() == 0; i++) {
            progress = client.progress(id);
        }
        statements.fail("police");
        for (int i = 0;
                i < 2_000 && progress.get("sources").get(0).get("waiting").isNull();
                i++) {
            progress = client.progress(id);
        }
        assertThat(progress.get("state").asString()).isEqualTo("RUNNING");
        assertThat(progress.get("sources").get(0).get("waiting").isNull()).isFalse();
        int done = progress.get("done").asInt();
        assertThat(done).isPositive().isLessThan(total);
        return done;
    }

    private long setStatementsAtThePolice() {
        return statements.sqlOf("police").stream()
                .filter(text -> text.contains("CASE WHEN"))
                .count();
    }

    private static String ndjson(List<String> keys) {
        StringBuilder body = new StringBuilder();
        keys.forEach(key -> body.append("{\"idNumber\": \"").append(key).append("\"}\n"));
        return body.toString();
    }

    /** A generated resident of the police database whose registration has {@code status}. */
    private static String residentRegistered(String status) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        RealServers.POSTGRES + RealServers.database("police"), "postgres", "");
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT min(id_number) FROM resident WHERE registration_status = ?")) {
            statement.setString(1, status);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return requireNonNull(rows.getString(1), () -> "no resident is " + status);
            }
        }
    }

    /** Generated residents of the police database (not the fixed ones) and their region codes, in key order. */
    /** The name the police source holds for {@code idNumber}. */
    private static String nameOf(String idNumber) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        RealServers.POSTGRES + RealServers.database("police"), "postgres", "");
                PreparedStatement statement =
                        connection.prepareStatement("SELECT name FROM resident WHERE id_number = ?")) {
            statement.setString(1, idNumber);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).as("resident %s", idNumber).isTrue();
                return row.getString(1);
            }
        }
    }

    private static Map<String, String> generatedResidents(int count) throws SQLException {
        Map<String, String> residents = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(
                        RealServers.POSTGRES + RealServers.database("police"), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id_number, region_code FROM resident WHERE id_number"
                        + " NOT IN ('" + R1_ID + "', '" + R2_ID + "', '" + R3_ID + "') ORDER BY id_number LIMIT "
                        + count)) {
            while (rows.next()) {
                residents.put(rows.getString(1), rows.getString(2));
            }
        }
        return residents;
    }
}
