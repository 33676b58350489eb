package org.govshare.gateway.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.E1_CREDIT_CODE;
import static org.govshare.gateway.demo.FixedRecords.R0_ID;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;
import static org.govshare.gateway.demo.FixedRecords.R2_ID;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.SourceStatementLog;
import org.govshare.gateway.testing.StatementLogConfiguration;
import org.govshare.gateway.testing.TestSupport;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Verification (核验) through HTTP with real tokens, on the embedded demo and on the real servers: outcomes for the
 * fixed records, claims checked in the source SQL (only outcomes come back), claims across sources, the access rules
 * for claims, input normalisation, and the guessing defence.
 */
@Import(StatementLogConfiguration.class)
abstract class VerificationSuite {
    private static final String KYC = "ACCOUNT_OPENING_KYC";
    private static final String PENSION = "PENSION_EXTENSION";
    private static final String VERIFY_RESIDENT = """
            query($id: ID!, $claims: ResidentClaims!) {
              verifyResident(idNumber: $id, claims: $claims) { outcome claims { claim outcome } }
            }""";

    @Value("${local.server.port}")
    int port;

    @Autowired
    SourceStatementLog statements;

    @Autowired
    SourceRegistry sources;

    @BeforeEach
    void clearStatements() {
        statements.clear();
    }

    private GraphQlHttpClient as(String client, String purpose) {
        return GraphQlHttpClient.of(port, TestTokens.fromIssuer(port, client), purpose);
    }

    private JsonNode verifyResident(GraphQlHttpClient client, String id, Map<String, Object> claims) {
        return client.post(VERIFY_RESIDENT, Map.of("id", id, "claims", claims));
    }

    // --- outcomes -----------------------------------------------------------------------------------------------

    @Test
    void matchesTheFixedRecordsNameAndBirthDate() {
        JsonNode response =
                verifyResident(as("bank-kyc", KYC), R1_ID, Map.of("name", "张秀英", "birthDate", "1962-03-15"));

        assertThat(response.has("errors")).as("%s", response).isFalse();
        assertThat(outcome(response)).isEqualTo("MATCH");
        assertThat(claims(response)).containsExactly("name=MATCH", "birthDate=MATCH");
    }

    @Test
    void wrongNameAndWrongBirthDateLookTheSameApartFromTheClaim() {
        GraphQlHttpClient bank = as("bank-kyc", KYC);

        JsonNode wrongName = verifyResident(bank, R1_ID, Map.of("name", "张秀兰", "birthDate", "1962-03-15"));
        List<String> wrongNameSql = statements.sqlOf("police");
        statements.clear();
        JsonNode wrongBirthDate = verifyResident(bank, R1_ID, Map.of("name", "张秀英", "birthDate", "1962-03-16"));
        List<String> wrongBirthDateSql = statements.sqlOf("police");

        assertThat(outcome(wrongName)).isEqualTo("MISMATCH");
        assertThat(claims(wrongName)).containsExactly("name=MISMATCH", "birthDate=MATCH");
        assertThat(claims(wrongBirthDate)).containsExactly("name=MATCH", "birthDate=MISMATCH");
        // One statement, the same for both: the source does the same work whichever claim is wrong.
        assertThat(wrongNameSql).hasSize(1).isEqualTo(wrongBirthDateSql);
        assertThat(shape(wrongName)).isEqualTo(shape(wrongBirthDate));
        for (JsonNode response : List.of(wrongName, wrongBirthDate)) {
            assertThat(response.toString()).doesNotContain("张秀英").doesNotContain("1962");
        }
    }

    @Test
    void aSubjectThatDoesNotExistIsNoRecord() {
        JsonNode response = verifyResident(as("bank-kyc", KYC), R0_ID, Map.of("name", "张三", "birthDate", "1970-01-01"));

        assertThat(outcome(response)).isEqualTo("NO_RECORD");
        assertThat(claims(response)).containsExactly("name=NO_RECORD", "birthDate=NO_RECORD");
    }

    @Test
    void claimsAreCheckedInTheSourceSqlAndOnlyOutcomesComeBack() {
        verifyResident(as("bank-kyc", KYC), R1_ID, Map.of("name", "张秀英", "birthDateAtMost", "1970-01-01"));

        List<String> police = statements.sqlOf("police");
        assertThat(police).hasSize(1);
        assertThat(police.get(0)).doesNotContain("张秀英").doesNotContain("1970").doesNotContain(R1_ID);
        assertOnlyClaimOutcomesAreSelected(police.get(0));
    }

    // --- across sources -------------------------------------------------------------------------------------------

    @Test
    void checksRetirementAndIncomeAtTheirOwnSources() {
        GraphQlHttpClient window = as("dongguan-window", PENSION);
        Map<String, Object> claims = Map.of(
                "pension", Map.of("retired", true),
                "income", Map.of("year", 2024, "annualIncomeAtMost", "50000"));

        JsonNode retiredLowIncome = verifyResident(window, R1_ID, claims);
        JsonNode workingHighIncome = verifyResident(window, R2_ID, claims);

        assertThat(retiredLowIncome.has("errors")).as("%s", retiredLowIncome).isFalse();
        assertThat(outcome(retiredLowIncome)).isEqualTo("MATCH");
        assertThat(claims(retiredLowIncome))
                .containsExactly("pension.retired=MATCH", "income.annualIncomeAtMost=MATCH");
        assertThat(outcome(workingHighIncome)).isEqualTo("MISMATCH");
        assertThat(claims(workingHighIncome))
                .containsExactly("pension.retired=MISMATCH", "income.annualIncomeAtMost=MISMATCH");
        assertThat(workingHighIncome.toString()).doesNotContain("420000").doesNotContain("71080");
        assertThat(statements.sqlOf("hrss")).hasSize(2);
        assertThat(statements.sqlOf("tax")).hasSize(2);
        for (String source : List.of("police", "hrss", "tax")) {
            statements.sqlOf(source).forEach(VerificationSuite::assertOnlyClaimOutcomesAreSelected);
        }
    }

    @Test
    void checksARelatedRecordReachedThroughAnotherKey() {
        GraphQlHttpClient tax = as("tax-bureau", "TAX_RECONCILIATION");
        String document = """
                { right: verifyEnterprise(creditCode: "%s", claims: {legalRepresentative: {name: "李建国"}}) { outcome }
                  wrong: verifyEnterprise(creditCode: "%s", claims: {legalRepresentative: {name: "张秀英"}}) { outcome } }""".formatted(E1_CREDIT_CODE, E1_CREDIT_CODE);

        JsonNode response = tax.post(document);

        assertThat(response.has("errors")).as("%s", response).isFalse();
        assertThat(response.at("/data/right/outcome").asString()).isEqualTo("MATCH");
        assertThat(response.at("/data/wrong/outcome").asString()).isEqualTo("MISMATCH");
        assertThat(response.toString()).doesNotContain(R2_ID);
    }

    @Test
    void aListRelationNeedsTheFieldsThatPickItsRecord() {
        JsonNode response = verifyResident(
                as("dongguan-window", PENSION), R1_ID, Map.of("income", Map.of("annualIncomeAtMost", "50000")));

        assertThat(code(response)).isEqualTo("INVALID_ARGUMENT");
        assertThat(response.at("/errors/0/message").asString()).contains("income.year");
        assertThat(statements.statements()).isEmpty();
    }

    // --- access ------------------------------------------------------------------------------------------------

    @Test
    void verifyOnlyClientSeesOnlyItsClaimsAndNoReadField() {
        JsonNode schema = as("bank-kyc", KYC).post("""
                { __schema { queryType { fields { name } } types { name inputFields { name } } } }""");

        assertThat(schema.has("errors")).as("%s", schema).isFalse();
        List<String> rootFields = new ArrayList<>();
        schema.at("/data/__schema/queryType/fields")
                .forEach(field -> rootFields.add(field.get("name").asString()));
        assertThat(rootFields).containsExactlyInAnyOrderElementsOf(withWorkflow("verifyResident"));
        List<String> claimFields = new ArrayList<>();
        schema.at("/data/__schema/types").forEach(type -> {
            if (type.get("name").asString().equals("ResidentClaims")) {
                type.get("inputFields")
                        .forEach(field -> claimFields.add(field.get("name").asString()));
            }
        });
        assertThat(claimFields).containsExactlyInAnyOrder("name", "birthDate", "birthDateAtLeast", "birthDateAtMost");
        assertThat(schema.toString()).doesNotContain("PensionAccountClaims").doesNotContain("address");
    }

    @Test
    void refusesClaimsTheGrantDoesNotCoverWithoutTouchingASource() {
        GraphQlHttpClient bank = as("bank-kyc", KYC);

        JsonNode address = verifyResident(bank, R1_ID, Map.of("name", "张秀英", "address", "广东省"));
        JsonNode literal =
                bank.post("{ verifyResident(idNumber: \"%s\", claims: {pension: {retired: true}}) { outcome } }"
                        .formatted(R1_ID));
        JsonNode taxPaid = verifyResident(
                as("dongguan-window", PENSION), R1_ID, Map.of("income", Map.of("year", 2024, "taxPaid", "0")));

        for (JsonNode response : List.of(address, literal, taxPaid)) {
            assertThat(code(response)).as("%s", response).isEqualTo("FORBIDDEN_FIELD");
            assertThat(response.has("data")).as("%s", response).isFalse();
            assertThat(response.toString()).doesNotContain("Claims'").doesNotContain("张秀英");
        }
        assertThat(statements.statements()).isEmpty();
    }

    @Test
    void aVerifyGrantIsNeverARead() {
        GraphQlHttpClient bank = as("bank-kyc", KYC);

        JsonNode read = bank.post("{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID));
        JsonNode wildcard = verifyResident(bank, R1_ID, Map.of("name", "张%"));
        JsonNode underscore = verifyResident(bank, R1_ID, Map.of("name", "张__"));

        assertThat(code(read)).isEqualTo("FORBIDDEN_FIELD");
        // Values are compared as values: a LIKE wildcard is just a character that does not match.
        assertThat(outcome(wildcard)).isEqualTo("MISMATCH");
        assertThat(outcome(underscore)).isEqualTo("MISMATCH");
    }

    @Test
    void rowFiltersApplyToVerificationToo() {
        GraphQlHttpClient office = as("street-office-441900", "GRASSROOTS_RETURN");

        JsonNode own = verifyResident(office, R1_ID, Map.of("name", "张秀英"));
        JsonNode outside = verifyResident(office, R2_ID, Map.of("name", "李建国"));

        assertThat(outcome(own)).isEqualTo("MATCH");
        assertThat(outcome(outside)).isEqualTo("NO_RECORD");
    }

    @Test
    void explainShowsTheClaimStatementsOfEachSource() {
        JsonNode explanation = new AdminApi(port)
                .explain(
                        "dongguan-window",
                        PENSION,
                        "{ verifyResident(idNumber: \"%s\", claims: {name: \"张秀英\", pension: {retired: true}})"
                                        .formatted(R1_ID)
                                + " { outcome } }");

        assertThat(explanation.get("denied").size()).isZero();
        assertThat(explanation.get("allowed").toString())
                .contains("Resident.name", "Resident.pension", "PensionAccount.retired");
        List<String> sources = new ArrayList<>();
        explanation.get("sourceQueries").forEach(query -> {
            sources.add(query.get("source").asString());
            assertOnlyClaimOutcomesAreSelected(query.get("sql").asString());
        });
        assertThat(sources).containsExactly("police", "hrss");
        assertThat(explanation.toString()).doesNotContain("张秀英");
        assertThat(statements.statements()).isEmpty();
    }

    // --- input ---------------------------------------------------------------------------------------------------

    @Test
    void normalisesIdNumbersAndNames() {
        JsonNode response = verifyResident(as("bank-kyc", KYC), " ４４１９００１９６２０３１５０４８x ", Map.of("name", "\u3000张秀英 "));

        assertThat(response.has("errors")).as("%s", response).isFalse();
        assertThat(outcome(response)).isEqualTo("MATCH");
    }

    @Test
    void refusesAWrongCheckDigitAndEmptyClaimsWithoutTouchingASource() {
        GraphQlHttpClient bank = as("bank-kyc", KYC);

        JsonNode checkDigit = verifyResident(bank, "441900196203150481", Map.of("name", "张秀英"));
        JsonNode noClaims = verifyResident(bank, R1_ID, Map.of());

        assertThat(code(checkDigit)).isEqualTo("INVALID_ARGUMENT");
        assertThat(checkDigit.toString()).doesNotContain("441900196203150481");
        assertThat(code(noClaims)).isEqualTo("INVALID_ARGUMENT");
        assertThat(statements.statements()).isEmpty();
    }

    // --- guessing defence ----------------------------------------------------------------------------------------

    @Test
    void locksASubjectAfterFiveMismatchesForTheRestOfTheDay() throws SQLException {
        GraphQlHttpClient bank = as("bank-kyc", KYC);
        Subject subject = generatedResident(0);

        Subject other = generatedResident(1);

        for (int guess = 0; guess < 5; guess++) {
            JsonNode response = verifyResident(bank, subject.id(), Map.of("name", "猜测" + guess));
            assertThat(outcome(response)).as("guess %d: %s", guess, response).isEqualTo("MISMATCH");
        }
        statements.clear();
        JsonNode locked = verifyResident(bank, subject.id(), Map.of("name", subject.name()));
        JsonNode otherSubject = verifyResident(bank, other.id(), Map.of("name", "猜测"));

        assertThat(code(locked)).isEqualTo("QUOTA_EXCEEDED");
        assertThat(locked.toString()).doesNotContain("MATCH").doesNotContain(subject.name());
        assertThat(outcome(otherSubject)).isEqualTo("MISMATCH");
        assertThat(statements.sqlOf("police")).hasSize(1);
    }

    @Test
    void guessesSentAsAliasesInOneRequestAreCountedToo() throws SQLException {
        Subject subject = generatedResident(2);
        StringBuilder document = new StringBuilder("{");
        for (int guess = 0; guess < 7; guess++) {
            document.append(" g%d: verifyResident(idNumber: \"%s\", claims: {name: \"猜测%d\"}) { outcome }"
                    .formatted(guess, subject.id(), guess));
        }
        document.append(" }");

        JsonNode response = as("bank-kyc", KYC).post(document.toString());

        List<String> outcomes = new ArrayList<>();
        for (int guess = 0; guess < 7; guess++) {
            outcomes.add(response.at("/data/g" + guess + "/outcome").asString(""));
        }
        assertThat(outcomes).filteredOn("MISMATCH"::equals).hasSize(5);
        List<String> codes = new ArrayList<>();
        response.path("errors")
                .forEach(error -> codes.add(error.at("/extensions/code").asString()));
        assertThat(codes).containsExactly("QUOTA_EXCEEDED", "QUOTA_EXCEEDED");
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    /** A generated resident of the police source (the fixed records are kept for the other tests). */
    private record Subject(String id, String name) {}

    private Subject generatedResident(int index) throws SQLException {
        try (Connection connection = sources.source("police").dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT id_number, name FROM resident WHERE region_code = '110101' ORDER BY id_number");
                ResultSet rows = statement.executeQuery()) {
            for (int skipped = 0; skipped < index; skipped++) {
                assertThat(rows.next()).isTrue();
            }
            assertThat(rows.next()).isTrue();
            return new Subject(rows.getString(1), rows.getString(2));
        }
    }

    /** The response with claim paths and outcomes blanked: what is left must not tell the two apart. */
    private static String shape(JsonNode response) {
        return response.toString()
                .replaceAll("\"(name|birthDate)\"", "\"claim\"")
                .replaceAll("MISMATCH|MATCH", "outcome");
    }

    private static List<String> withWorkflow(String dataField) {
        List<String> fields = new ArrayList<>(TestSupport.WORKFLOW_QUERY_FIELDS);
        fields.add(dataField);
        return fields;
    }

    private static String outcome(JsonNode response) {
        return response.at("/data/verifyResident/outcome").asString("");
    }

    private static List<String> claims(JsonNode response) {
        List<String> claims = new ArrayList<>();
        response.at("/data/verifyResident/claims")
                .forEach(claim -> claims.add(claim.get("claim").asString() + "="
                        + claim.get("outcome").asString()));
        return claims;
    }

    private static String code(JsonNode response) {
        return response.at("/errors/0/extensions/code").asString("");
    }

    /** The SELECT list holds claim outcomes ({@code CASE WHEN … THEN 1 ELSE 0 END}) or a literal 1, no column. */
    private static void assertOnlyClaimOutcomesAreSelected(String sql) {
        // Calcite starts the FROM clause on a line of its own; TRIM(BOTH ' ' FROM x) stays on the SELECT line.
        Matcher select =
                Pattern.compile("(?is)^\\s*select\\s+(.*?)\\n\\s*from\\s").matcher(sql);
        assertThat(select.find()).as("a SELECT: %s", sql).isTrue();
        String rest = select.group(1)
                .replaceAll("(?is)case\\s+when\\s+.*?\\s+then\\s+1\\s+else\\s+0\\s+end", "")
                .replaceAll("(?i)\\s+as\\s+(\"[^\"]*\"|`[^`]*`|\\w+)", "")
                .replaceAll("[\\s,]", "");
        assertThat(rest).as("SELECT list of %s", sql).isIn("", "1");
    }
}
