package org.govshare.gateway.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.E1_CREDIT_CODE;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;
import static org.govshare.gateway.demo.FixedRecords.R3_ID;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.TestTokens;
import org.govshare.gateway.testing.TestingClock;
import org.govshare.gateway.testing.TestingClockConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The data-sharing workflow through HTTP with real tokens for consumer, steward and authority: a share request from
 * submission to first use and expiry; review, narrowing, rejection, escalation and arbitration; statutory deadlines in
 * working days; catalog, schema preview, impact analysis, minimisation, policy versions and rollback; corrections.
 */
@Import(TestingClockConfiguration.class)
abstract class WorkflowSuite {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Tomorrow and the day after are public holidays for these tests, so every deadline crosses them. */
    private static final LocalDate TODAY = LocalDate.now(SHANGHAI);

    private static final String SUBMIT = """
            mutation($r: ShareRequestInput!) { submitShareRequest(request: $r) {
              id grantId items { field requestedAccess grantedAccess source shareType status dueDate overdue reason }
              history { field actor action reason } } }""";
    private static final String INBOX = """
            query($s: [String!]) { shareRequestInbox(statuses: $s) { id consumer items { field status dueDate } } }""";
    private static final String ANSWER = """
            mutation($id: ID!, $a: [FieldAnswer!]!, $why: String) { answerShareRequest(id: $id, answers: $a, reason: $why) {
              items { field status grantedAccess reason decidedBy } } }""";
    private static final String CHANGE = """
            mutation($c: GrantChangeInput!, $why: String!) { changeGrant(change: $c, reason: $why) { version author } }""";

    @DynamicPropertySource
    static void holidays(DynamicPropertyRegistry registry) {
        registry.add("govshare.workflow.holidays", () -> TODAY.plusDays(1) + "," + TODAY.plusDays(2));
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    @Autowired
    TestingClock clock;

    private AdminApi admin() {
        return new AdminApi(port);
    }

    /** A consumer the gateway has never seen: it registers by applying. */
    private String newConsumer() {
        return "applicant-" + UUID.randomUUID();
    }

    private GraphQlHttpClient as(String consumer, String purpose) {
        return GraphQlHttpClient.of(port, TestTokens.signed(issuerKeys, consumer), purpose);
    }

    private JsonNode submit(String consumer, String purpose, Map<String, String> fields) {
        List<Map<String, Object>> requested = new ArrayList<>();
        fields.forEach((field, access) -> requested.add(Map.of("field", field, "access", access)));
        JsonNode response = as(consumer, null)
                .post(
                        SUBMIT,
                        Map.of(
                                "r",
                                Map.of(
                                        "purpose",
                                        purpose,
                                        "fields",
                                        requested,
                                        "justification",
                                        "subsidy eligibility checks for applicants",
                                        "caseVolume",
                                        12_000,
                                        "requestedDays",
                                        365)));
        assertThat(response.has("errors")).as("%s", response).isFalse();
        return response.at("/data/submitShareRequest");
    }

    @Test
    void unconditionalFieldsAreGrantedAtOnceTheLookupAfterReviewAndAllStopWhenTheGrantExpires() throws Exception {
        String consumer = newConsumer();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Query.enterprise", "READ");
        fields.put("Enterprise.name", "READ");
        fields.put("Enterprise.status", "READ");
        fields.put("MedicalInsurance.balance", "READ");
        fields.put("PensionAccount.status", "READ");

        JsonNode request = submit(consumer, "ENTERPRISE_CHECK", fields);
        String lookup = "{ enterprise(creditCode: \"%s\") { name status } }".formatted(E1_CREDIT_CODE);
        JsonNode beforeReview = as(consumer, "ENTERPRISE_CHECK").post(lookup);
        approve(request.get("id").asString(), "market", "Query.enterprise");
        JsonNode read = as(consumer, "ENTERPRISE_CHECK").post(lookup);

        assertThat(item(request, "Enterprise.name").get("status").asString()).isEqualTo("GRANTED");
        // A lookup by key tells whether the record exists: its source's steward reviews it.
        assertThat(item(request, "Query.enterprise").get("status").asString()).isEqualTo("PENDING");
        assertThat(item(request, "Query.enterprise").get("source").asString()).isEqualTo("market");
        assertThat(code(beforeReview)).isEqualTo("FORBIDDEN_FIELD");
        JsonNode balance = item(request, "MedicalInsurance.balance");
        assertThat(balance.get("status").asString()).isEqualTo("REFUSED");
        assertThat(balance.get("reason").asString()).contains("医疗保障基金使用监督管理条例");
        JsonNode pension = item(request, "PensionAccount.status");
        assertThat(pension.get("status").asString()).isEqualTo("PENDING");
        assertThat(pension.get("source").asString()).isEqualTo("hrss");
        assertThat(read.has("errors")).as("%s", read).isFalse();
        assertThat(read.at("/data/enterprise/name").asString()).isEqualTo("东莞市示范科技有限公司");

        // The grant runs out: the authority shortens it to end in two seconds.
        String grantId = request.get("grantId").asString();
        JsonNode shortened = admin().query(
                        "authority-admin",
                        CHANGE,
                        Map.of(
                                "c",
                                Map.of(
                                        "grantId",
                                        grantId,
                                        "validUntil",
                                        clock.instant().plusSeconds(2).toString()),
                                "why",
                                "the subsidy programme ends"))
                .get("changeGrant");
        assertThat(shortened.get("author").asString()).isEqualTo("authority-admin");
        clock.advance(Duration.ofSeconds(3));
        JsonNode expired = as(consumer, "ENTERPRISE_CHECK")
                .post("{ enterprise(creditCode: \"%s\") { name } }".formatted(E1_CREDIT_CODE));
        assertThat(code(expired)).isEqualTo("PURPOSE_NOT_GRANTED");
        assertThat(expired.toString()).doesNotContain("东莞市示范科技有限公司");
    }

    @Test
    void theStewardNarrowsOrRejectsAndTheAuthorityArbitratesAnEscalation() {
        String consumer = newConsumer();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Query.verifyPensionAccount", "VERIFY");
        fields.put("PensionAccount.retired", "VERIFY");
        fields.put("PensionAccount.status", "READ");
        fields.put("PensionAccount.contributionMonths", "READ");
        JsonNode request = submit(consumer, "PENSION_SUBSIDY", fields);
        String id = request.get("id").asString();

        JsonNode inbox = admin().query("hrss-steward", INBOX, Map.of("s", List.of("PENDING")))
                .get("shareRequestInbox");
        JsonNode answered = admin().query(
                        "hrss-steward",
                        ANSWER,
                        Map.of(
                                "id",
                                id,
                                "a",
                                List.of(
                                        Map.of("field", "Query.verifyPensionAccount", "approve", true),
                                        Map.of("field", "PensionAccount.retired", "approve", true),
                                        Map.of("field", "PensionAccount.status", "approve", true, "access", "VERIFY"),
                                        Map.of("field", "PensionAccount.contributionMonths", "approve", false)),
                                "why",
                                "the subsidy needs the status as a yes/no only; the months are not needed"))
                .get("answerShareRequest");
        String verify = "{ verifyPensionAccount(idNumber: \"%s\", claims: %s) { outcome } }";
        JsonNode verified =
                as(consumer, "PENSION_SUBSIDY").post(verify.formatted(R1_ID, "{retired: true, status: ACTIVE}"));
        JsonNode months =
                as(consumer, "PENSION_SUBSIDY").post(verify.formatted(R1_ID, "{contributionMonthsAtLeast: 300}"));

        assertThat(inbox.toString()).contains(consumer);
        assertThat(item(answered, "PensionAccount.status").get("grantedAccess").asString())
                .isEqualTo("VERIFY");
        assertThat(item(answered, "PensionAccount.contributionMonths")
                        .get("status")
                        .asString())
                .isEqualTo("REJECTED");
        assertThat(item(answered, "PensionAccount.contributionMonths")
                        .get("decidedBy")
                        .asString())
                .isEqualTo("hrss-steward");
        assertThat(verified.at("/data/verifyPensionAccount/outcome").asString())
                .as("%s", verified)
                .isEqualTo("MATCH");
        assertThat(code(months)).isEqualTo("FORBIDDEN_FIELD");

        // The consumer takes the rejection to the authority, which grants it.
        JsonNode escalated = as(consumer, null)
                .post(
                        "mutation($id: ID!) { escalateShareRequest(id: $id, field: \"PensionAccount.contributionMonths\","
                                + " reason: \"the subsidy rule requires 25 years of contributions\") {"
                                + " items { field status } } }",
                        Map.of("id", id));
        JsonNode arbitrated = admin().query(
                        "authority-admin",
                        "mutation($id: ID!) { arbitrateShareRequest(id: $id, field:"
                                + " \"PensionAccount.contributionMonths\", grant: true, reason: \"needed by rule 12\")"
                                + " { items { field status grantedAccess } history { actor action reason } } }",
                        Map.of("id", id))
                .get("arbitrateShareRequest");
        JsonNode monthsAfter =
                as(consumer, "PENSION_SUBSIDY").post(verify.formatted(R1_ID, "{contributionMonthsAtLeast: 300}"));

        assertThat(escalated.has("errors")).as("%s", escalated).isFalse();
        assertThat(item(escalated.at("/data/escalateShareRequest"), "PensionAccount.contributionMonths")
                        .get("status")
                        .asString())
                .isEqualTo("ESCALATED");
        assertThat(item(arbitrated, "PensionAccount.contributionMonths")
                        .get("status")
                        .asString())
                .isEqualTo("APPROVED");
        assertThat(arbitrated.get("history").toString())
                .contains("SUBMITTED", "APPROVED_NARROWED_TO_VERIFY", "REJECTED", "ESCALATED", "ARBITRATED_GRANTED")
                .contains("needed by rule 12")
                .contains("authority-admin");
        assertThat(monthsAfter.at("/data/verifyPensionAccount/outcome").asString())
                .isEqualTo("MATCH");
    }

    @Test
    void aStewardAnswersOnlyItsOwnSourcesAndARejectionNeedsAReason() {
        String consumer = newConsumer();
        JsonNode request = submit(consumer, "PENSION_SUBSIDY", Map.of("PensionAccount.retired", "VERIFY"));
        String id = request.get("id").asString();
        String policeSteward = TestTokens.withScopes(issuerKeys, "police-steward", List.of("steward:police"));

        JsonNode notTheirs = admin().queryWithToken(
                        policeSteward,
                        ANSWER,
                        Map.of("id", id, "a", List.of(Map.of("field", "PensionAccount.retired", "approve", true))));
        JsonNode noReason = admin().attempt(
                        "hrss-steward",
                        ANSWER,
                        Map.of("id", id, "a", List.of(Map.of("field", "PensionAccount.retired", "approve", false))));

        assertThat(code(notTheirs)).isEqualTo("FORBIDDEN_FIELD");
        assertThat(code(noReason)).isEqualTo("INVALID_ARGUMENT");
        assertThat(noReason.at("/errors/0/message").asString()).contains("reason");
    }

    @Test
    void deadlinesCountWorkingDaysPastWeekendsAndListedHolidays() {
        JsonNode request = submit(
                newConsumer(),
                "PENSION_SUBSIDY",
                Map.of("PensionAccount.retired", "VERIFY", "Enterprise.name", "READ"));

        assertThat(item(request, "PensionAccount.retired").get("dueDate").asString())
                .isEqualTo(workingDaysAfter(TODAY, 10).toString());
        assertThat(item(request, "Enterprise.name").get("dueDate").asString())
                .isEqualTo(workingDaysAfter(TODAY, 1).toString());
        assertThat(item(request, "PensionAccount.retired").get("overdue").asBoolean())
                .isFalse();
    }

    @Test
    void theCatalogAndTheSchemaPreviewShowMetadataOnly() {
        GraphQlHttpClient stranger = as(newConsumer(), null);

        JsonNode catalog = stranger.post("""
                { catalog(search: "balance") { name provider source updateFrequency
                    fields { coordinate level category shareType legalBasis } } }""");
        JsonNode preview = stranger.post("{ schemaPreview(fields: [{field: \"Query.resident\", access: \"READ\"},"
                + " {field: \"Query.verifyResident\", access: \"VERIFY\"},"
                + " {field: \"Resident.name\", access: \"READ\"}, {field: \"Resident.birthDate\", access:"
                + " \"VERIFY\"}]) }");
        JsonNode withoutVerifyRoot = stranger.post("{ schemaPreview(fields: [{field: \"Query.resident\", access:"
                + " \"READ\"}, {field: \"Resident.name\", access: \"READ\"}]) }");

        assertThat(catalog.has("errors")).as("%s", catalog).isFalse();
        JsonNode medical = catalog.at("/data/catalog/0");
        assertThat(medical.get("name").asString()).isEqualTo("MedicalInsurance");
        assertThat(medical.get("provider").asString()).contains("医疗保障局");
        assertThat(medical.at("/fields/0/shareType").asString()).isEqualTo("NOT_SHARED");
        assertThat(medical.at("/fields/0/legalBasis").asString()).isNotEmpty();
        String sdl = preview.at("/data/schemaPreview").asString();
        assertThat(sdl).contains("resident(idNumber: ID!): Resident").contains("verifyResident");
        assertThat(sdl).containsPattern("type Resident \\{\\s+\"姓名.\"\\s+name: String!\\s+}");
        assertThat(sdl).doesNotContain("address").doesNotContain("PensionAccount");
        // Reading a type does not open verifying it: that takes the root field's own grant.
        assertThat(withoutVerifyRoot.at("/data/schemaPreview").asString())
                .contains("resident(idNumber: ID!): Resident")
                .doesNotContain("verifyResident");
    }

    @Test
    void impactAnalysisAndMinimisationReadWhatTheAuditTrailRecorded() {
        String consumer = newConsumer();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Query.enterprise", "READ");
        fields.put("Enterprise.name", "READ");
        fields.put("Enterprise.status", "READ");
        fields.put("Enterprise.registeredCapital", "READ");
        JsonNode request = submit(consumer, "ENTERPRISE_CHECK", fields);
        String grantId = request.get("grantId").asString();
        approve(request.get("id").asString(), "market", "Query.enterprise");
        GraphQlHttpClient client = as(consumer, "ENTERPRISE_CHECK");
        for (int i = 0; i < 3; i++) {
            client.post("{ enterprise(creditCode: \"%s\") { name status } }".formatted(E1_CREDIT_CODE));
        }
        client.post("{ enterprise(creditCode: \"%s\") { name } }".formatted(E1_CREDIT_CODE));

        JsonNode impact = admin().query(
                        "authority-admin",
                        "query($c: GrantChangeInput!) { impact(change: $c, days: 1) { consumer operations"
                                + " newlyRefused { purpose operation fields requests refusedFields } newlyAllowed {"
                                + " operation } } }",
                        Map.of("c", Map.of("grantId", grantId, "removeFields", List.of("Enterprise.status"))))
                .get("impact");
        JsonNode revocation = admin().query(
                        "authority-admin",
                        "query($c: GrantChangeInput!) { impact(change: $c, days: 1) {"
                                + " newlyRefused { requests refusedFields refusedBecause } } }",
                        Map.of("c", Map.of("grantId", grantId, "revoke", true)))
                .get("impact");
        JsonNode minimisation = admin().query(
                        "authority-admin",
                        "query($c: ID) { minimisation(consumer: $c, days: 1) { grantId usedFields unusedFields"
                                + " proposal { grantId removeFields } } }",
                        Map.of("c", consumer))
                .get("minimisation");

        assertThat(impact.get("operations").asInt()).isEqualTo(2);
        assertThat(impact.get("newlyRefused").size()).isEqualTo(1);
        JsonNode refused = impact.at("/newlyRefused/0");
        assertThat(refused.get("requests").asLong()).isEqualTo(3);
        assertThat(refused.get("refusedFields").toString()).isEqualTo("[\"Enterprise.status\"]");
        assertThat(refused.get("operation").asString()).contains("status").doesNotContain(E1_CREDIT_CODE);
        assertThat(impact.get("newlyAllowed").size()).isZero();
        // Revoking refuses the whole purpose: every field of both operations is named.
        assertThat(revocation.get("newlyRefused").size()).isEqualTo(2);
        assertThat(revocation.at("/newlyRefused/0/refusedBecause").asString()).isEqualTo("PURPOSE_NOT_GRANTED");
        assertThat(revocation.findValues("refusedFields").toString())
                .contains("Enterprise.name", "Enterprise.status", "Query.enterprise");
        assertThat(minimisation.at("/0/unusedFields").toString()).isEqualTo("[\"Enterprise.registeredCapital\"]");
        assertThat(minimisation.at("/0/proposal/removeFields").toString())
                .isEqualTo("[\"Enterprise.registeredCapital\"]");
    }

    @Test
    void aRevocationIsAVersionThatCanBeComparedAndRolledBack() {
        String consumer = newConsumer();
        JsonNode request =
                submit(consumer, "ENTERPRISE_CHECK", Map.of("Query.enterprise", "READ", "Enterprise.name", "READ"));
        String grantId = request.get("grantId").asString();
        approve(request.get("id").asString(), "market", "Query.enterprise");
        String read = "{ enterprise(creditCode: \"%s\") { name } }".formatted(E1_CREDIT_CODE);
        long before = latestVersion();

        JsonNode revoked = admin().query(
                        "authority-admin",
                        CHANGE,
                        Map.of("c", Map.of("grantId", grantId, "revoke", true), "why", "complaint under review"))
                .get("changeGrant");
        JsonNode refused = as(consumer, "ENTERPRISE_CHECK").post(read);
        JsonNode diff = admin().query(
                        "authority-admin",
                        "query($f: Long!, $t: Long!) { policyDiff(from: $f, to: $t) { grantId summary } }",
                        Map.of("f", before, "t", revoked.get("version").asLong()))
                .get("policyDiff");
        JsonNode rolledBack = admin().query(
                        "authority-admin",
                        "mutation($v: Long!) { rollbackPolicy(toVersion: $v, reason: \"complaint unfounded\") {"
                                + " version reason } }",
                        Map.of("v", before))
                .get("rollbackPolicy");
        JsonNode allowedAgain = as(consumer, "ENTERPRISE_CHECK").post(read);

        assertThat(code(refused)).isEqualTo("PURPOSE_NOT_GRANTED");
        assertThat(diff.toString()).contains(grantId).contains("status ACTIVE -> REVOKED");
        assertThat(rolledBack.get("reason").asString()).contains("rollback to version " + before);
        assertThat(allowedAgain.at("/data/enterprise/name").asString()).isEqualTo("东莞市示范科技有限公司");
    }

    @Test
    void aCorrectionGoesToTheStewardOfTheSourceAndTheReporterFollowsIt() {
        // A consumer reports about fields it may use: the pension window reads the pension status.
        String consumer = "dongguan-window";
        GraphQlHttpClient reporter = as(consumer, null);
        JsonNode reported = reporter.post(
                "mutation($k: String!) { reportCorrection(report: {type: \"PensionAccount\", key: $k, field:"
                        + " \"status\", description: \"資格認證 was done in March; still SUSPENDED\"}) { id status source } }",
                Map.of("k", " " + R3_ID.toLowerCase(java.util.Locale.ROOT) + " "));
        String id = reported.at("/data/reportCorrection/id").asString();
        String policeSteward = TestTokens.withScopes(issuerKeys, "police-steward", List.of("steward:police"));

        JsonNode policeInbox = admin().queryWithToken(policeSteward, "{ corrections { id } }", Map.of());
        JsonNode hrssInbox = admin().query(
                        "hrss-steward", "{ corrections { id reporter key source status } }", Map.of())
                .get("corrections");
        JsonNode accepted = admin().query(
                        "hrss-steward",
                        "mutation($id: ID!) { resolveCorrection(id: $id, accept: true, note: \"status corrected to"
                                + " ACTIVE\") { status resolvedBy resolution } }",
                        Map.of("id", id))
                .get("resolveCorrection");
        JsonNode followed = reporter.post("{ myCorrections { id status resolution } }");

        assertThat(reported.at("/data/reportCorrection/source").asString()).isEqualTo("hrss");
        assertThat(policeInbox.toString()).doesNotContain("\"id\":\"" + id + "\"");
        assertThat(hrssInbox.toString())
                .contains("\"id\":\"" + id + "\",\"reporter\":\"" + consumer + "\"")
                .contains(R3_ID);
        assertThat(accepted.get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(accepted.get("resolvedBy").asString()).isEqualTo("hrss-steward");
        assertThat(followed.at("/data/myCorrections/0/status").asString()).isEqualTo("ACCEPTED");
        assertThat(followed.at("/data/myCorrections/0/resolution").asString()).contains("ACTIVE");
    }

    /** The steward of {@code source} approves these fields of a request as asked. */
    private void approve(String id, String source, String... fields) {
        List<Map<String, Object>> answers = new ArrayList<>();
        for (String field : fields) {
            answers.add(Map.of("field", field, "approve", true));
        }
        JsonNode answered = admin().queryWithToken(
                        TestTokens.withScopes(issuerKeys, source + "-steward", List.of("steward:" + source)),
                        ANSWER,
                        Map.of("id", id, "a", answers, "why", "the lookup serves the stated purpose"))
                .at("/data/answerShareRequest");
        for (String field : fields) {
            assertThat(item(answered, field).get("status").asString()).isEqualTo("APPROVED");
        }
    }

    private long latestVersion() {
        return admin().query("authority-admin", "{ policyVersions(limit: 1) { version } }", Map.of())
                .at("/policyVersions/0/version")
                .asLong();
    }

    /** The oracle for deadlines: the day of receipt does not count; weekends and the two holidays do not either. */
    private static LocalDate workingDaysAfter(LocalDate received, int days) {
        LocalDate day = received;
        int counted = 0;
        while (counted < days) {
            day = day.plusDays(1);
            boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            boolean holiday = day.equals(TODAY.plusDays(1)) || day.equals(TODAY.plusDays(2));
            if (!weekend && !holiday) {
                counted++;
            }
        }
        return day;
    }

    private static JsonNode item(JsonNode request, String field) {
        for (JsonNode item : request.get("items")) {
            if (item.get("field").asString().equals(field)) {
                return item;
            }
        }
        throw new AssertionError("no item " + field + " in " + request);
    }

    private static String code(JsonNode response) {
        return response.at("/errors/0/extensions/code").asString("");
    }
}
