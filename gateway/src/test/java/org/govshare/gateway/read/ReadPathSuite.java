package org.govshare.gateway.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.E1_CREDIT_CODE;
import static org.govshare.gateway.demo.FixedRecords.R0_ID;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;
import static org.govshare.gateway.demo.FixedRecords.R2_ID;

import com.netflix.graphql.dgs.client.codegen.GraphQLQueryRequest;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.SourceStatementLog;
import org.govshare.gateway.testing.StatementLogConfiguration;
import org.govshare.gateway.testing.TestTokens;
import org.govshare.schema.client.client.EnterpriseGraphQLQuery;
import org.govshare.schema.client.client.EnterpriseProjectionRoot;
import org.govshare.schema.client.client.ResidentGraphQLQuery;
import org.govshare.schema.client.client.ResidentProjectionRoot;
import org.govshare.schema.client.types.Enterprise;
import org.govshare.schema.client.types.PensionStatus;
import org.govshare.schema.client.types.Resident;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The read path's behaviour through HTTP, run once against the embedded H2 demo and once against the real
 * PostgreSQL and MariaDB servers. Pushdown and batching are proven from the statements each source received.
 */
@Import(StatementLogConfiguration.class)
abstract class ReadPathSuite {
    @Value("${local.server.port}")
    int port;

    @Autowired
    SourceStatementLog statements;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    GraphQlHttpClient client;

    /** A test consumer whose grant (test migration V2000) covers every shared field of the catalog. */
    @BeforeEach
    void connect() {
        client = GraphQlHttpClient.of(port, TestTokens.signed(issuerKeys, "read-path-suite"), "READ_PATH_TEST");
        statements.clear();
    }

    @AfterEach
    void healSources() {
        statements.heal();
    }

    @Test
    void readsResidentWithPensionAcrossSources() {
        GraphQLQueryRequest request = new GraphQLQueryRequest(
                ResidentGraphQLQuery.newRequest().idNumber(R1_ID).build(),
                new ResidentProjectionRoot<>()
                        .name()
                        .birthDate()
                        .regionCode()
                        .address()
                        .pension()
                        .status()
                        .parent()
                        .retired()
                        .retirementDate()
                        .monthlyAmount()
                        .contributionMonths()
                        .parent());

        JsonNode response = client.post(request.serialize());

        assertThat(response.has("errors")).as("errors in %s", response).isFalse();
        Resident resident = GraphQlHttpClient.convert(response.at("/data/resident"), Resident.class);
        assertThat(resident.getName()).isEqualTo("张秀英");
        assertThat(resident.getBirthDate()).isEqualTo(LocalDate.of(1962, 3, 15));
        assertThat(resident.getRegionCode()).isEqualTo("441900");
        assertThat(resident.getAddress()).isEqualTo("广东省东莞市南城街道鸿福路88号");
        assertThat(resident.getPension().getStatus()).isEqualTo(PensionStatus.ACTIVE);
        assertThat(resident.getPension().getRetired()).isTrue();
        assertThat(resident.getPension().getRetirementDate()).isEqualTo(LocalDate.of(2017, 3, 15));
        assertThat(resident.getPension().getMonthlyAmount()).isEqualByComparingTo(new BigDecimal("3250.00"));
        assertThat(resident.getPension().getContributionMonths()).isEqualTo(312);
        assertThat(response.at("/data/resident/pension/monthlyAmount").decimalValue())
                .isEqualTo(new BigDecimal("3250.00"));
    }

    @Test
    void readsEnterpriseWithItsLegalRepresentative() {
        GraphQLQueryRequest request = new GraphQLQueryRequest(
                EnterpriseGraphQLQuery.newRequest().creditCode(E1_CREDIT_CODE).build(),
                new EnterpriseProjectionRoot<>()
                        .creditCode()
                        .name()
                        .status()
                        .parent()
                        .registeredCapital()
                        .legalRepresentative()
                        .idNumber()
                        .name()
                        .parent());

        JsonNode response = client.post(request.serialize());

        assertThat(response.has("errors")).as("errors in %s", response).isFalse();
        Enterprise enterprise = GraphQlHttpClient.convert(response.at("/data/enterprise"), Enterprise.class);
        assertThat(enterprise.getName()).isEqualTo("东莞市示范科技有限公司");
        assertThat(enterprise.getRegisteredCapital()).isEqualByComparingTo(new BigDecimal("5000000.00"));
        assertThat(enterprise.getLegalRepresentative().getIdNumber()).isEqualTo(R2_ID);
        assertThat(enterprise.getLegalRepresentative().getName()).isEqualTo("李建国");
    }

    @Test
    void readsIncomeOfOneYearAndMedicalInsurance() {
        JsonNode response = client.post("""
                { resident(idNumber: "%s") {
                    incomes(year: 2024) { year annualIncome taxPaid }
                    medicalInsurance { plan status }
                } }""".formatted(R1_ID));

        assertThat(response.has("errors")).as("errors in %s", response).isFalse();
        JsonNode incomes = response.at("/data/resident/incomes");
        assertThat(incomes.size()).isEqualTo(1);
        assertThat(incomes.get(0).get("year").asInt()).isEqualTo(2024);
        assertThat(incomes.get(0).get("annualIncome").decimalValue()).isEqualByComparingTo("39000.00");
        assertThat(incomes.get(0).get("taxPaid").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(response.at("/data/resident/medicalInsurance/plan").asString())
                .isEqualTo("URBAN_EMPLOYEE");
        assertThat(response.at("/data/resident/medicalInsurance/status").asString())
                .isEqualTo("ACTIVE");
    }

    @Test
    void absentResidentIsNullWithoutError() {
        JsonNode response = client.post("{ resident(idNumber: \"%s\") { name } }".formatted(R0_ID));

        assertThat(response.has("errors")).isFalse();
        assertThat(response.at("/data/resident").isNull()).isTrue();
    }

    @Test
    void normalisesIdNumberInput() {
        String fullWidthLowerX = " ４４１９００１９６２０３１５０４８x　";

        JsonNode response =
                client.post("query($id: ID!) { resident(idNumber: $id) { name } }", Map.of("id", fullWidthLowerX));

        assertThat(response.has("errors")).as("errors in %s", response).isFalse();
        assertThat(response.at("/data/resident/name").asString()).isEqualTo("张秀英");
        assertThat(String.join("\n", statements.sqlOf("police"))).doesNotContain("4419");
    }

    @Test
    void refusesWrongCheckDigitWithoutTouchingTheSource() {
        JsonNode response = client.post("{ resident(idNumber: \"441900196203150481\") { name } }");

        assertThat(code(response)).isEqualTo("INVALID_ARGUMENT");
        assertThat(response.at("/errors/0/path/0").asString()).isEqualTo("resident");
        assertThat(response.at("/errors/0/message").asString()).doesNotContain("441900196203150481");
        assertThat(response.at("/data/resident").isNull()).isTrue();
        assertThat(statements.sqlOf("police")).isEmpty();
    }

    @Test
    void refusesMalformedCreditCode() {
        JsonNode response = client.post("{ enterprise(creditCode: \"91441900MA4UJ0K88X\") { name } }");

        assertThat(code(response)).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void pushesProjectionAndKeyFilterIntoSourceSql() {
        JsonNode response = client.post("{ resident(idNumber: \"%s\") { name birthDate } }".formatted(R1_ID));

        assertThat(response.has("errors")).isFalse();
        List<String> police = statements.sqlOf("police");
        assertThat(police).hasSize(1);
        String sql = police.get(0);
        assertThat(selectedColumns(sql)).containsExactlyInAnyOrder("name", "birth_date");
        assertThat(sql.toLowerCase(Locale.ROOT)).containsPattern("where\\s+\\W?id_number\\W?\\s*=\\s*\\?");
        assertThat(sql).doesNotContain(R1_ID);
        assertThat(statements.sqlOf("hrss")).isEmpty();
    }

    @Test
    void fetchesNestedRelationsWithOneQueryPerSource() {
        JsonNode response = client.post("""
                { residents(regionCode: "441900", first: 100) {
                    edges { node { name pension { status } incomes(year: 2024) { annualIncome } } }
                } }""");

        assertThat(response.has("errors")).as("errors in %s", response).isFalse();
        assertThat(response.at("/data/residents/edges").size()).isEqualTo(100);
        assertThat(statements.sqlOf("police")).hasSize(1);
        assertThat(statements.sqlOf("hrss")).hasSize(1);
        assertThat(statements.sqlOf("tax")).hasSize(1);
        String pensionSql = statements.sqlOf("hrss").get(0);
        assertThat(selectedColumns(pensionSql)).containsExactlyInAnyOrder("status", "id_number");
        assertThat(pensionSql.chars().filter(c -> c == '?').count()).isEqualTo(100);
        assertThat(selectedColumns(statements.sqlOf("police").get(0))).containsExactlyInAnyOrder("name", "id_number");
    }

    @Test
    void pagesInKeyOrderWithOpaqueCursors() {
        String page = """
                query($after: String) { residents(regionCode: "441900", first: 3, after: $after) {
                  edges { cursor node { idNumber regionCode } }
                  pageInfo { hasNextPage endCursor }
                } }""";

        JsonNode first = client.post(page, Map.of());
        java.util.HashMap<String, Object> variables = new java.util.HashMap<>();
        variables.put("after", first.at("/data/residents/pageInfo/endCursor").asString());
        JsonNode second = client.post(page, variables);

        List<String> ids = new ArrayList<>();
        for (JsonNode response : List.of(first, second)) {
            assertThat(response.has("errors")).as("errors in %s", response).isFalse();
            assertThat(response.at("/data/residents/pageInfo/hasNextPage").asBoolean())
                    .isTrue();
            for (JsonNode edge : response.at("/data/residents/edges")) {
                assertThat(edge.at("/node/regionCode").asString()).isEqualTo("441900");
                assertThat(edge.get("cursor").asString())
                        .doesNotContain(edge.at("/node/idNumber").asString());
                ids.add(edge.at("/node/idNumber").asString());
            }
        }
        assertThat(ids).hasSize(6).doesNotHaveDuplicates().isSorted();
        assertThat(String.join("\n", statements.sqlOf("police"))).doesNotContain("441900");
    }

    @Test
    void refusesPageLargerThanTheRowLimitAndForgedCursors() {
        JsonNode tooLarge = client.post("{ residents(regionCode: \"441900\", first: 101) { edges { cursor } } }");
        JsonNode forged =
                client.post("{ residents(regionCode: \"441900\", after: \"' OR 1=1 --\") { edges { cursor } } }");

        assertThat(code(tooLarge)).isEqualTo("ROW_LIMIT_EXCEEDED");
        assertThat(code(forged)).isEqualTo("INVALID_ARGUMENT");
        assertThat(statements.sqlOf("police")).isEmpty();
    }

    @Test
    void reportsAFailingSourceAtItsPathAndKeepsTheHealthyParts() {
        statements.fail("hrss");

        JsonNode response = client.post("{ resident(idNumber: \"%s\") { name pension { status } } }".formatted(R1_ID));

        assertThat(response.at("/data/resident/name").asString()).isEqualTo("张秀英");
        assertThat(response.at("/data/resident/pension").isNull()).isTrue();
        assertThat(code(response)).as("code in %s", response).isEqualTo("SOURCE_UNAVAILABLE");
        assertThat(response.at("/errors/0/path").toString()).isEqualTo("[\"resident\",\"pension\"]");
        assertThat(response.toString()).doesNotContain("pension_account").doesNotContain("Exception");
    }

    @Test
    void unknownFieldIsRefusedWithoutNamingTypes() {
        JsonNode response = client.post("{ resident(idNumber: \"%s\") { name salary } }".formatted(R1_ID));

        assertThat(code(response)).isEqualTo("FORBIDDEN_FIELD");
        assertThat(response.at("/errors/0/message").asString())
                .doesNotContain("Resident")
                .doesNotContain("Did you mean");
        assertThat(statements.statements()).isEmpty();
    }

    @Test
    void malformedRequestsGetContractErrorsNotServerErrors() {
        JsonNode syntax = client.post("{ resident(idNumber: ");
        HttpResponse<String> notJson = client.send("{not json");

        assertThat(code(syntax)).isEqualTo("INVALID_ARGUMENT");
        assertThat(notJson.statusCode()).isBetween(400, 499);
        assertThat(notJson.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void publicSchemaHidesCatalogBindings() {
        JsonNode response = client.post("{ __schema { directives { name } types { name } } }");

        assertThat(response.toString())
                .doesNotContain("\"source\"")
                .doesNotContain("\"column\"")
                .doesNotContain("CatalogLevel")
                .contains("\"Resident\"");
    }

    @Test
    void servesGraphiqlFromItsOwnAssets() {
        HttpResponse<String> page = client.get("/graphiql");
        HttpResponse<String> script = client.get("/webjars/graphiql/2.4.7/graphiql.min.js");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("graphiql.min.js").doesNotContainPattern("src=\"https?://");
        assertThat(script.statusCode()).isEqualTo(200);
    }

    static String code(JsonNode response) {
        return response.at("/errors/0/extensions/code").asString();
    }

    /** The column names of the outermost SELECT list, unquoted and lower-cased. */
    static List<String> selectedColumns(String sql) {
        Matcher select = Pattern.compile("(?is)^\\s*select\\s+(.*?)\\s+from\\s").matcher(sql);
        assertThat(select.find()).as("a SELECT: %s", sql).isTrue();
        List<String> columns = new ArrayList<>();
        for (String item : select.group(1).split(",")) {
            String[] parts = item.trim().split("\\s+");
            String last = parts[parts.length - 1].replaceAll("[\"`]", "");
            columns.add(last.substring(last.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        }
        return columns;
    }
}
