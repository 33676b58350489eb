package org.govshare.gateway.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.E1_CREDIT_CODE;
import static org.govshare.gateway.demo.FixedRecords.R0_ID;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;
import static org.govshare.gateway.demo.FixedRecords.R2_ID;
import static org.govshare.gateway.demo.FixedRecords.R3_ID;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.SourceStatementLog;
import org.govshare.gateway.testing.StatementLogConfiguration;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * {@code explain} shows exactly what runs: every demo document (the README's, and those the other suites send) and
 * a generated set (random selections of granted fields, relation arguments, aliases, pages with and without a
 * cursor, relation batches under pages) is explained through the admin API, then run through {@code /graphql} with a
 * token, and the statements each source received (at the JDBC driver, {@link SourceStatementLog}) must be among the
 * statements explain listed, with the same SQL and number of parameters; and every statement explain listed must
 * have been received, unless the record it hangs from was not there.
 */
@Import(StatementLogConfiguration.class)
abstract class ExplainMatchesExecutionSuite {
    private static final String EXPLAIN = """
            query($c: ID!, $p: String!, $d: String!) { explain(consumer: $c, purpose: $p, document: $d) {
              allowed denied problems sourceQueries { path source sql parameters keys } } }""";

    /**
     * A property no other suite sets, so that this suite has an application of its own: its verifications must not
     * meet the guessing budget other suites spent on the same subjects (a refused verification sends nothing).
     */
    static final String OWN_CONTEXT = "govshare.test.suite=explain-matches-execution";

    /** A consumer that may read every shared field (test migration V2000). */
    private static final String EVERYTHING = "read-path-suite";

    private static final String EVERYTHING_PURPOSE = "READ_PATH_TEST";

    @Value("${local.server.port}")
    int port;

    @Autowired
    SourceStatementLog statements;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    /**
     * One document run by one consumer under one purpose. {@code run} is sent with {@code variables}; {@code
     * explained} is the same operation with the variables' values written in (explain takes no variables).
     */
    record Case(String consumer, String purpose, String explained, String run, Map<String, Object> variables) {
        static Case of(String consumer, String purpose, String document) {
            return new Case(consumer, purpose, document, document, Map.of());
        }

        @Override
        public String toString() {
            return consumer + " " + explained;
        }
    }

    /** A statement as explain lists it. */
    private record Explained(String path, String source, String sql, int parameters) {}

    @AfterEach
    void clearLogAfterwards() {
        statements.clear();
    }

    /** The README's documents and the documents the other suites send, as their callers send them. */
    static List<Case> demoDocuments() {
        String window = "dongguan-window";
        String windowPurpose = "PENSION_EXTENSION";
        String office = "street-office-441900";
        String officePurpose = "GRASSROOTS_RETURN";
        List<Case> cases = new ArrayList<>();
        // README: a first query, a refused field, the bank's and the pension window's verifications.
        cases.add(Case.of(
                window,
                windowPurpose,
                "{ resident(idNumber: \"%s\") { name birthDate pension { status retired contributionMonths } } }"
                        .formatted(R1_ID)));
        cases.add(Case.of(window, windowPurpose, "{ resident(idNumber: \"%s\") { name address } }".formatted(R1_ID)));
        cases.add(Case.of(
                "bank-kyc",
                "ACCOUNT_OPENING_KYC",
                "{ verifyResident(idNumber: \"%s\", claims: {name: \"张秀英\", birthDate: \"1962-03-15\"})"
                                .formatted(R1_ID)
                        + " { outcome claims { claim outcome } } }"));
        cases.add(Case.of(
                window,
                windowPurpose,
                ("{ verifyResident(idNumber: \"%s\", claims: {pension: {retired: true},"
                                + " income: {year: 2024, annualIncomeAtMost: 50000}}) { outcome claims { claim outcome } } }")
                        .formatted(R1_ID)));
        // The access-control, read-path and verification suites.
        cases.add(Case.of(
                window, windowPurpose, "{ resident(idNumber: \"%s\") { name pension { status } } }".formatted(R1_ID)));
        cases.add(Case.of(
                window, windowPurpose, "{ resident(idNumber: \"%s\") { name pension { retired } } }".formatted(R3_ID)));
        cases.add(Case.of(window, windowPurpose, "{ resident(idNumber: \"%s\") { name } }".formatted(R0_ID)));
        cases.add(Case.of(office, officePurpose, "{ resident(idNumber: \"%s\") { idNumber name } }".formatted(R1_ID)));
        cases.add(Case.of(
                office,
                officePurpose,
                "{ resident(idNumber: \"%s\") { idNumber name address regionCode } }".formatted(R2_ID)));
        cases.add(Case.of(office, officePurpose, "{ residents(regionCode: \"441900\") { edges { node { name } } } }"));
        cases.add(Case.of(
                office,
                officePurpose,
                "{ residents(regionCode: \"441900\", first: 3) { edges { cursor node { idNumber name address } }"
                        + " pageInfo { hasNextPage endCursor } } }"));
        cases.add(Case.of(
                office,
                officePurpose,
                "{ verifyResident(idNumber: \"%s\", claims: {name: \"张秀英\"}) { outcome } }".formatted(R1_ID)));
        cases.add(Case.of(
                "tax-bureau",
                "TAX_RECONCILIATION",
                "{ enterprise(creditCode: \"%s\") { name registeredCapital legalRepresentative { name } } }"
                        .formatted(E1_CREDIT_CODE)));
        cases.add(Case.of(
                EVERYTHING,
                EVERYTHING_PURPOSE,
                "{ resident(idNumber: \"%s\") { name incomes(year: 2024) { year annualIncome } } }".formatted(R1_ID)));
        cases.add(Case.of(
                EVERYTHING,
                EVERYTHING_PURPOSE,
                "{ resident(idNumber: \"%s\") { name incomes { year taxPaid } medicalInsurance { plan } } }"
                        .formatted(R2_ID)));
        cases.add(Case.of(
                EVERYTHING,
                EVERYTHING_PURPOSE,
                "{ residents(regionCode: \"441900\", first: 5) { edges { node { incomes(year: 2024) { year } } } } }"));
        cases.add(Case.of(
                EVERYTHING,
                EVERYTHING_PURPOSE,
                "{ residents(regionCode: \"441900\", first: 50) { edges { node { name pension { status } } } } }"));
        cases.add(Case.of(
                EVERYTHING,
                EVERYTHING_PURPOSE,
                "{ enterprise(creditCode: \"%s\") { legalRepresentative { idNumber pension { retired } } } }"
                        .formatted(E1_CREDIT_CODE)));
        cases.add(Case.of(
                EVERYTHING,
                EVERYTHING_PURPOSE,
                "{ resident(idNumber: \"%s\") { ...Who pension { ...Pension } } }".formatted(R1_ID)
                        + " fragment Who on Resident { name home: address }"
                        + " fragment Pension on PensionAccount { status monthlyAmount }"));
        cases.add(Case.of(
                "tax-bureau",
                "TAX_RECONCILIATION",
                ("{ verifyEnterprise(creditCode: \"%s\", claims: {name: \"东莞市示范科技有限公司\","
                                + " legalRepresentative: {name: \"李建国\"}}) { outcome claims { claim outcome } } }")
                        .formatted(E1_CREDIT_CODE)));
        cases.add(Case.of(
                "two-sources",
                "TWO_SOURCES",
                "{ resident(idNumber: \"%s\") { name } verifyPensionAccount(idNumber: \"%s\", claims: {retired: true})"
                                .formatted(R1_ID, R1_ID)
                        + " { outcome } }"));
        cases.add(Case.of(
                EVERYTHING,
                EVERYTHING_PURPOSE,
                "{ a: resident(idNumber: \"%s\") { name pension { status } } b: resident(idNumber: \"%s\") { name"
                                .formatted(R1_ID, R2_ID)
                        + " pension { status } } }"));
        // A document whose shape a variable changes (@include): planned per request, not once per document.
        cases.add(new Case(
                EVERYTHING,
                EVERYTHING_PURPOSE,
                "{ resident(idNumber: \"%s\") { name pension @include(if: false) { status } } }".formatted(R1_ID),
                "query($with: Boolean!) { resident(idNumber: \"%s\") { name pension @include(if: $with) { status } } }"
                        .formatted(R1_ID),
                Map.of("with", false)));
        cases.add(new Case(
                EVERYTHING,
                EVERYTHING_PURPOSE,
                "{ resident(idNumber: \"%s\") { name pension @include(if: true) { status } } }".formatted(R1_ID),
                "query($with: Boolean!) { resident(idNumber: \"%s\") { name pension @include(if: $with) { status } } }"
                        .formatted(R1_ID),
                Map.of("with", true)));
        // The same operations with variables when run: the plan does not depend on their values.
        cases.add(new Case(
                EVERYTHING,
                EVERYTHING_PURPOSE,
                "{ resident(idNumber: \"%s\") { name incomes(year: 2024) { annualIncome } } }".formatted(R1_ID),
                "query($id: ID!, $year: Int) { resident(idNumber: $id) { name incomes(year: $year) { annualIncome } } }",
                Map.of("id", R1_ID, "year", 2024)));
        cases.add(new Case(
                EVERYTHING,
                EVERYTHING_PURPOSE,
                "{ residents(regionCode: \"110105\", first: 7) { edges { node { name pension { status } } } } }",
                "query($region: String!, $first: Int) { residents(regionCode: $region, first: $first) {"
                        + " edges { node { name pension { status } } } } }",
                Map.of("region", "110105", "first", 7)));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> explainListsWhatEveryDemoDocumentSends() {
        return demoDocuments().stream()
                .map(document -> DynamicTest.dynamicTest(document.toString(), () -> check(document)));
    }

    @Test
    void explainListsWhatGeneratedDocumentsSend() {
        JsonNode page = client(EVERYTHING, EVERYTHING_PURPOSE)
                .post("{ residents(regionCode: \"441900\", first: 40) { edges { cursor node { idNumber } } } }");
        List<String> ids = new ArrayList<>(List.of(R1_ID, R2_ID, R3_ID));
        List<String> cursors = new ArrayList<>();
        page.at("/data/residents/edges").forEach(edge -> {
            ids.add(edge.at("/node/idNumber").asString());
            cursors.add(edge.get("cursor").asString());
        });
        assertThat(cursors).hasSizeGreaterThan(10);
        Random random = new Random(15);
        int received = 0;
        for (int i = 0; i < 80; i++) {
            String document = generated(random, ids, cursors);
            JsonNode response = check(Case.of(EVERYTHING, EVERYTHING_PURPOSE, document));
            assertThat(response.has("errors")).as("%s%n%s", document, response).isFalse();
            received += statements.statements().size();
        }
        // Every generated document reads: the comparison above is never vacuous.
        assertThat(received).isGreaterThan(200);
    }

    // --- the check ------------------------------------------------------------------------------------------------

    /** Explains and runs {@code document}, compares, and returns the response (the log keeps what it sent). */
    private JsonNode check(Case document) {
        JsonNode explanation = new AdminApi(port)
                .query(
                        "authority-admin",
                        EXPLAIN,
                        Map.of("c", document.consumer(), "p", document.purpose(), "d", document.explained()))
                .get("explain");
        assertThat(explanation.get("problems").size()).as("%s", explanation).isZero();
        List<Explained> explained = new ArrayList<>();
        explanation.get("sourceQueries").forEach(query -> {
            explained.add(new Explained(
                    query.get("path").asString(),
                    query.get("source").asString(),
                    query.get("sql").asString(),
                    query.get("parameters").asInt()));
            if (query.get("path").asString().contains(".")
                    && !query.get("path").asString().startsWith("verify")) {
                assertThat(query.get("keys").asInt())
                        .as("a relation carries keys")
                        .isPositive();
            }
        });

        statements.clear();
        JsonNode response = client(document.consumer(), document.purpose()).post(document.run(), document.variables());
        List<SourceStatementLog.Statement> received = statements.statements();

        List<Explained> unmatched = new ArrayList<>(explained);
        for (SourceStatementLog.Statement statement : received) {
            Explained match = unmatched.stream()
                    .filter(candidate -> candidate.source().equals(statement.source())
                            && candidate.sql().equals(statement.sql())
                            && candidate.parameters() == statement.parameters())
                    .findFirst()
                    .orElse(null);
            assertThat(match)
                    .as(
                            "%s received a statement explain did not list:%n%s%n(%d parameters)%nexplain listed %s%n%s",
                            statement.source(), statement.sql(), statement.parameters(), explained, document)
                    .isNotNull();
            unmatched.remove(match);
        }
        for (Explained missing : unmatched) {
            assertThat(mayBeSkipped(response, missing.path()))
                    .as(
                            "explain listed a statement no source received: %s%nreceived %s%nresponse %s%n%s",
                            missing, received, response, document)
                    .isTrue();
        }
        if (explanation.get("denied").isEmpty()) {
            // Every document here that explain allows is answered: no statement was skipped for an error.
            assertThat(response.has("errors")).as("%s%n%s", document, response).isFalse();
        } else {
            assertThat(received).as("a refused document reads nothing").isEmpty();
        }
        return response;
    }

    /**
     * Whether a listed statement may rightly not have run: the field it hangs from found nothing (no record, an
     * empty page or list), the operation was refused, or a verification found no record to ask further about.
     */
    private static boolean mayBeSkipped(JsonNode response, String path) {
        if (response.has("errors")) {
            return true;
        }
        String[] keys = path.split("\\.");
        if (keys[0].startsWith("verify")) {
            return response.at("/data/" + keys[0] + "/outcome").asString("").equals("NO_RECORD");
        }
        List<JsonNode> level = List.of(response.get("data"));
        for (int i = 0; i < keys.length - 1; i++) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : level) {
                JsonNode child = node.get(keys[i]);
                if (child == null || child.isNull()) {
                    continue;
                }
                if (child.isArray()) {
                    child.forEach(next::add);
                } else {
                    next.add(child);
                }
            }
            level = next;
        }
        return level.isEmpty();
    }

    private GraphQlHttpClient client(String consumer, String purpose) {
        return GraphQlHttpClient.of(port, TestTokens.signed(issuerKeys, consumer), purpose);
    }

    // --- generated documents --------------------------------------------------------------------------------------

    private static final List<String> RESIDENT_FIELDS = List.of(
            "idNumber",
            "name",
            "gender",
            "birthDate",
            "ethnicity",
            "regionCode",
            "address",
            "registrationStatus",
            "deathRegisteredOn");
    private static final List<String> PENSION_FIELDS = List.of(
            "idNumber", "status", "retired", "retirementDate", "monthlyAmount", "contributionMonths", "regionCode");
    private static final List<String> INCOME_FIELDS = List.of("idNumber", "year", "annualIncome", "taxPaid");
    private static final List<String> MEDICAL_FIELDS = List.of("idNumber", "plan", "status");
    private static final List<String> ENTERPRISE_FIELDS = List.of("creditCode", "name", "status", "registeredCapital");

    /** One to three root fields, each with a random selection of what the everything-consumer may read. */
    static String generated(Random random, List<String> ids, List<String> cursors) {
        StringBuilder document = new StringBuilder("{");
        int roots = 1 + random.nextInt(3);
        for (int root = 0; root < roots; root++) {
            document.append(" r").append(root).append(": ");
            switch (random.nextInt(4)) {
                case 0, 1 ->
                    document.append("resident(idNumber: \"")
                            .append(ids.get(random.nextInt(ids.size())))
                            .append("\") ")
                            .append(resident(random, 2));
                case 2 -> {
                    document.append("residents(regionCode: \"")
                            .append(random.nextBoolean() ? "441900" : "110105")
                            .append('"');
                    if (random.nextInt(3) > 0) {
                        document.append(", first: ").append(1 + random.nextInt(100));
                    }
                    if (random.nextInt(3) == 0) {
                        document.append(", after: \"")
                                .append(cursors.get(random.nextInt(cursors.size())))
                                .append('"');
                    }
                    document.append(") { edges { ");
                    if (random.nextBoolean()) {
                        document.append("cursor ");
                    }
                    document.append("node ").append(resident(random, 2)).append(" } pageInfo { hasNextPage } }");
                }
                default ->
                    document.append("enterprise(creditCode: \"")
                            .append(E1_CREDIT_CODE)
                            .append("\") { ")
                            .append(pick(random, ENTERPRISE_FIELDS))
                            .append(random.nextBoolean() ? " legalRepresentative " + resident(random, 1) : "")
                            .append(" }");
            }
        }
        return document.append(" }").toString();
    }

    private static String resident(Random random, int relations) {
        StringBuilder selection = new StringBuilder("{ ").append(pick(random, RESIDENT_FIELDS));
        if (relations > 0) {
            if (random.nextBoolean()) {
                selection
                        .append(" pension { ")
                        .append(pick(random, PENSION_FIELDS))
                        .append(" }");
            }
            if (random.nextInt(3) == 0) {
                selection
                        .append(" other: pension { ")
                        .append(pick(random, PENSION_FIELDS))
                        .append(" }");
            }
            if (random.nextBoolean()) {
                selection.append(" incomes");
                int year = random.nextInt(3);
                if (year > 0) {
                    selection.append("(year: ").append(2022 + year).append(')');
                }
                selection.append(" { ").append(pick(random, INCOME_FIELDS)).append(" }");
            }
            if (random.nextInt(3) == 0) {
                selection
                        .append(" medicalInsurance { ")
                        .append(pick(random, MEDICAL_FIELDS))
                        .append(" }");
            }
        }
        return selection.append(" }").toString();
    }

    /** A non-empty random subset of {@code fields}, some under an alias. */
    private static String pick(Random random, List<String> fields) {
        Map<String, String> chosen = new LinkedHashMap<>();
        for (String field : fields) {
            if (random.nextInt(3) == 0) {
                chosen.put(field, random.nextInt(5) == 0 ? "a" + field + ": " + field : field);
            }
        }
        if (chosen.isEmpty()) {
            String field = fields.get(random.nextInt(fields.size()));
            chosen.put(field, field);
        }
        return String.join(" ", chosen.values());
    }
}
