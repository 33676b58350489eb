package org.govshare.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;
import static org.govshare.gateway.demo.FixedRecords.R2_ID;
import static org.govshare.gateway.hostile.ValuesAttacks.code;
import static org.govshare.gateway.hostile.ValuesAttacks.demoClient;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.SourceStatementLog;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * Item 7 of issue #18, range claims bisected: {@code annualIncomeAtMost} claims with ever closer thresholds recover
 * an exact income in about 27 verifications. A grant that binds the comparison ({@code IncomeRecord.annualIncome
 * AT_MOST 50000} for the pension window) refuses every other threshold before a source is asked; without a binding,
 * every range claim counts against the subject's budget whether it matches or not, and one budget holds for the
 * record whichever path reaches it ({@code verifyResident{income}} or {@code verifyIncomeRecord}).
 */
@ValuesTest
class ValuesRangeClaimBisectionIT {
    private static final String WINDOW_INCOME = """
            query($id: ID!, $at: Decimal!) {
              verifyResident(idNumber: $id, claims: {income: {year: 2024, annualIncomeAtMost: $at}}) {
                outcome claims { claim outcome } } }""";
    private static final String RESIDENT_INCOME_AT_LEAST = """
            query($id: ID!, $at: Decimal!) {
              verifyResident(idNumber: $id, claims: {income: {year: 2024, annualIncomeAtLeast: $at}}) { outcome } }""";
    private static final String RECORD_INCOME_AT_MOST = """
            query($id: ID!, $at: Decimal!) {
              verifyIncomeRecord(idNumber: $id, year: 2024, claims: {annualIncomeAtMost: $at}) { outcome } }""";

    @Value("${local.server.port}")
    int port;

    @Autowired
    SourceStatementLog statements;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    @Test
    void theBisectionAttackLearnsNothingAgainstABoundClaim() {
        GraphQlHttpClient window = demoClient(port, "dongguan-window", "PENSION_EXTENSION");
        BigDecimal low = BigDecimal.ZERO;
        BigDecimal high = new BigDecimal("1000000");
        List<String> answers = new ArrayList<>();
        statements.clear();
        // The attack of the issue: halve the interval 27 times; an answer would move one end of it.
        for (int step = 0; step < 27; step++) {
            BigDecimal middle = low.add(high).divide(BigDecimal.valueOf(2));
            JsonNode response = window.post(WINDOW_INCOME, Map.of("id", R1_ID, "at", middle));
            String outcome = response.at("/data/verifyResident/outcome").asString(code(response));
            answers.add(outcome);
            if (outcome.equals("MATCH")) {
                high = middle;
            } else if (outcome.equals("MISMATCH")) {
                low = middle;
            }
        }
        List<String> taxStatements = statements.sqlOf("tax");
        JsonNode bound = window.post(WINDOW_INCOME, Map.of("id", R1_ID, "at", "50000.00"));
        JsonNode boundHigh = window.post(WINDOW_INCOME, Map.of("id", R2_ID, "at", "50000"));
        JsonNode nudged = window.post(WINDOW_INCOME, Map.of("id", R1_ID, "at", "50000.01"));
        JsonNode schema = window.post("{ __type(name: \"IncomeRecordClaims\") { inputFields { name } } }");

        assertThat(answers).containsOnly("FORBIDDEN_FIELD");
        assertThat(low).isZero();
        assertThat(high).isEqualByComparingTo("1000000");
        assertThat(taxStatements)
                .as("no refused threshold reaches the tax source")
                .isEmpty();
        assertThat(bound.at("/data/verifyResident/outcome").asString()).isEqualTo("MATCH");
        assertThat(boundHigh.at("/data/verifyResident/outcome").asString()).isEqualTo("MISMATCH");
        assertThat(code(nudged)).isEqualTo("FORBIDDEN_FIELD");
        assertThat(nudged.toString()).doesNotContain("39000").doesNotContain("MATCH");
        List<String> claimable = new ArrayList<>();
        schema.at("/data/__type/inputFields")
                .forEach(field -> claimable.add(field.get("name").asString()));
        assertThat(claimable).containsExactlyInAnyOrder("year", "annualIncomeAtMost");
    }

    @Test
    void theAuthorityBindsAClaimOfAGrantAndTheBindingHoldsAtOnce() {
        String consumer = "income-checker-" + java.util.UUID.randomUUID();
        JsonNode request = ValuesAttacks.signedClient(port, issuerKeys, consumer, null)
                .post(
                        "mutation($r: ShareRequestInput!) { submitShareRequest(request: $r) { id grantId } }",
                        Map.of(
                                "r",
                                Map.of(
                                        "purpose",
                                        "HOUSING_SUBSIDY",
                                        "fields",
                                        List.of(
                                                Map.of("field", "Query.verifyIncomeRecord", "access", "VERIFY"),
                                                Map.of("field", "IncomeRecord.annualIncome", "access", "VERIFY")),
                                        "justification",
                                        "income below the subsidy line",
                                        "caseVolume",
                                        100,
                                        "requestedDays",
                                        30)))
                .at("/data/submitShareRequest");
        AdminApi admin = new AdminApi(port);
        JsonNode approved = admin.queryWithToken(
                TestTokens.withScopes(issuerKeys, "tax-steward", List.of("steward:tax")),
                "mutation($id: ID!) { answerShareRequest(id: $id, reason: \"for the subsidy line only\", answers:"
                        + " [{field: \"Query.verifyIncomeRecord\", approve: true}, {field:"
                        + " \"IncomeRecord.annualIncome\", approve: true}]) { id } }",
                Map.of("id", request.get("id").asString()));
        JsonNode bound = admin.query(
                "authority-admin",
                "mutation($c: GrantChangeInput!) { changeGrant(change: $c, reason: \"the subsidy line only\") {"
                        + " version } }",
                Map.of(
                        "c",
                        Map.of(
                                "grantId",
                                request.get("grantId").asString(),
                                "bindClaims",
                                List.of(Map.of(
                                        "field", "IncomeRecord.annualIncome",
                                        "comparison", "AT_MOST",
                                        "value", "60000")))));
        JsonNode shown = admin.query(
                        "authority-admin",
                        "query($c: ID) { grants(consumer: $c) { claimBindings lookupMissesPerDay } }",
                        Map.of("c", consumer))
                .get("grants");
        GraphQlHttpClient checker = ValuesAttacks.signedClient(port, issuerKeys, consumer, "HOUSING_SUBSIDY");

        JsonNode atTheLine = checker.post(RECORD_INCOME_AT_MOST, Map.of("id", R1_ID, "at", "60000"));
        JsonNode elsewhere = checker.post(RECORD_INCOME_AT_MOST, Map.of("id", R1_ID, "at", "40000"));

        assertThat(approved.has("errors")).as("%s", approved).isFalse();
        assertThat(bound.get("changeGrant").get("version").asLong()).isPositive();
        assertThat(shown.toString()).contains("IncomeRecord.annualIncome AT_MOST 60000");
        assertThat(atTheLine.at("/data/verifyIncomeRecord/outcome").asString())
                .as("%s", atTheLine)
                .isEqualTo("MATCH");
        assertThat(code(elsewhere)).isEqualTo("FORBIDDEN_FIELD");
    }

    @Test
    void everyUnboundRangeClaimCountsWhetherItMatchesOrNot() {
        GraphQlHttpClient prober = ValuesAttacks.signedClient(port, issuerKeys, "range-prober", "RANGE_PROBE");
        List<String> outcomes = new ArrayList<>();
        for (int step = 1; step <= 8; step++) {
            // R1 earned 39,000 in 2024: every one of these thresholds matches.
            JsonNode response = prober.post(RESIDENT_INCOME_AT_LEAST, Map.of("id", R1_ID, "at", step * 1000));
            outcomes.add(response.at("/data/verifyResident/outcome").asString(code(response)));
        }

        // Six guesses a day about R1 (its grant's limit): six answers, then the subject is closed to this consumer.
        assertThat(outcomes)
                .containsExactly(
                        "MATCH", "MATCH", "MATCH", "MATCH", "MATCH", "MATCH", "QUOTA_EXCEEDED", "QUOTA_EXCEEDED");
    }

    @Test
    void bothPathsToOneRecordDrawOnOneBudget() {
        GraphQlHttpClient prober = ValuesAttacks.signedClient(port, issuerKeys, "range-prober", "RANGE_PROBE");
        List<String> outcomes = new ArrayList<>();
        for (int step = 0; step < 4; step++) {
            JsonNode throughResident =
                    prober.post(RESIDENT_INCOME_AT_LEAST, Map.of("id", R2_ID, "at", 100_000 * (step + 1)));
            JsonNode throughRecord =
                    prober.post(RECORD_INCOME_AT_MOST, Map.of("id", R2_ID, "at", 500_000 - 50_000 * step));
            outcomes.add(throughResident.at("/data/verifyResident/outcome").asString(code(throughResident)));
            outcomes.add(throughRecord.at("/data/verifyIncomeRecord/outcome").asString(code(throughRecord)));
        }

        // Six range claims about R2's income, three by each path; the seventh and eighth are refused by either.
        assertThat(outcomes.subList(0, 6)).doesNotContain("QUOTA_EXCEEDED", "FORBIDDEN_FIELD", "");
        assertThat(outcomes.subList(6, 8)).containsOnly("QUOTA_EXCEEDED");
    }
}
