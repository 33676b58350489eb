package org.govshare.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.E1_CREDIT_CODE;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;
import static org.govshare.gateway.demo.FixedRecords.R2_ID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * Purpose-bound access through HTTP with real tokens from the demo issuer, for every demo client: what each may
 * read, the ways a request might try to get around a refusal, and tokens that must not be accepted. Runs on the
 * embedded demo and on the real servers.
 */
abstract class AccessControlSuite {
    private static final String WINDOW_PURPOSE = "PENSION_EXTENSION";

    @Value("${local.server.port}")
    int port;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    private GraphQlHttpClient as(String client, String purpose) {
        return GraphQlHttpClient.of(port, TestTokens.fromIssuer(port, client), purpose);
    }

    // --- identity ---------------------------------------------------------------------------------------------

    @Test
    void refusesRequestsWithoutTokenWithAChallenge() {
        HttpResponse<String> response = new GraphQlHttpClient(port).send("{\"query\":\"{ __typename }\"}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
        assertThat(response.body()).contains("\"code\":\"UNAUTHENTICATED\"");
    }

    @Test
    void refusesForgedExpiredWrongAudienceAndUnsignedTokens() throws Exception {
        Instant now = Instant.now();
        List<String> tokens = List.of(
                TestTokens.signed(otherKey(), "dongguan-window"),
                TestTokens.signed(
                        issuerKeys,
                        "dongguan-window",
                        TestTokens.AUDIENCE,
                        now.minus(Duration.ofHours(2)),
                        Duration.ofHours(1)),
                TestTokens.signed(issuerKeys, "dongguan-window", "another-service", now, Duration.ofMinutes(10)),
                TestTokens.signed(
                        issuerKeys,
                        "dongguan-window",
                        TestTokens.AUDIENCE,
                        now.plus(Duration.ofHours(1)),
                        Duration.ofHours(1)),
                unsigned("dongguan-window"),
                hmacWithPublicKey("dongguan-window"),
                "not-a-jwt");

        for (String token : tokens) {
            HttpResponse<String> response = GraphQlHttpClient.of(port, token, WINDOW_PURPOSE)
                    .send("{\"query\":\"{ resident(idNumber: \\\"" + R1_ID + "\\\") { name } }\"}");
            assertThat(response.statusCode()).as("token %s", token).isEqualTo(401);
            assertThat(response.body()).doesNotContain("张秀英");
        }
    }

    // --- the allowed/denied matrix ----------------------------------------------------------------------------

    @Test
    void pensionWindowReadsItsGrantedFieldsAcrossSources() {
        JsonNode response = as("dongguan-window", WINDOW_PURPOSE).post("""
                { resident(idNumber: "%s") { name birthDate regionCode pension { status retired contributionMonths } } }""".formatted(R1_ID));

        assertThat(response.has("errors")).as("%s", response).isFalse();
        assertThat(response.at("/data/resident/name").asString()).isEqualTo("张秀英");
        assertThat(response.at("/data/resident/pension/contributionMonths").asInt())
                .isEqualTo(312);
    }

    @Test
    void refusesEveryUngrantedFieldWithItsPathAndReturnsNothing() {
        JsonNode response = as("dongguan-window", WINDOW_PURPOSE).post("""
                { resident(idNumber: "%s") { name address medicalInsurance { plan } } }""".formatted(R1_ID));

        assertThat(codes(response)).containsOnly("FORBIDDEN_FIELD");
        assertThat(paths(response))
                .containsExactlyInAnyOrder("[\"resident\",\"address\"]", "[\"resident\",\"medicalInsurance\"]");
        assertThat(response.has("data")).isFalse();
        assertThat(response.toString()).doesNotContain("张秀英").doesNotContain("Resident");
    }

    @Test
    void refusesUngrantedFieldsBehindAliasesFragmentsAndSkip() {
        GraphQlHttpClient window = as("dongguan-window", WINDOW_PURPOSE);
        List<String> documents = List.of(
                "{ resident(idNumber: \"%s\") { name home: address } }",
                "{ resident(idNumber: \"%s\") { ...Where } } fragment Where on Resident { address }",
                "{ resident(idNumber: \"%s\") { ... on Resident { address } } }",
                "{ resident(idNumber: \"%s\") { name address @skip(if: true) } }",
                "{ resident(idNumber: \"%s\") { name address @include(if: false) } }",
                "query($no: Boolean!) { resident(idNumber: \"%s\") { name address @include(if: $no) } }",
                "{ resident(idNumber: \"%s\") { pension { monthlyAmount } } }",
                "{ __schema { types { name } } resident(idNumber: \"%s\") { address } }");

        for (String document : documents) {
            JsonNode response = window.post(document.formatted(R1_ID), Map.of("no", false));
            assertThat(codes(response)).as(document).containsOnly("FORBIDDEN_FIELD");
            assertThat(response.has("data")).as(document).isFalse();
            assertThat(response.toString()).as(document).doesNotContain("张秀英").doesNotContain("鸿福路");
        }
    }

    @Test
    void refusesADocumentWhoseOtherOperationIsUngranted() {
        HttpResponse<String> response = as("dongguan-window", WINDOW_PURPOSE).send("""
                {"operationName": "Allowed", "query": "query Allowed { resident(idNumber: \\"%s\\") { name } } \
                query Denied { resident(idNumber: \\"%s\\") { address } }"}""".formatted(R1_ID, R1_ID));

        assertThat(response.body()).contains("FORBIDDEN_FIELD").doesNotContain("张秀英");
    }

    @Test
    void requiresAPurposeAndRefusesOneWithoutGrant() {
        String document = "{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID);

        assertThat(codes(as("dongguan-window", null).post(document))).containsExactly("PURPOSE_REQUIRED");
        assertThat(codes(as("dongguan-window", "GRASSROOTS_RETURN").post(document)))
                .containsExactly("PURPOSE_NOT_GRANTED");
        assertThat(codes(as("no-grant-app", null).post(document))).containsExactly("PURPOSE_REQUIRED");
        assertThat(codes(as("no-grant-app", WINDOW_PURPOSE).post(document))).containsExactly("PURPOSE_NOT_GRANTED");
        assertThat(codes(as("dongguan-window", "bad purpose!").post(document))).containsExactly("INVALID_ARGUMENT");
    }

    @Test
    void verifyOnlyClientCannotReadAnything() {
        JsonNode response = as("bank-kyc", "ACCOUNT_OPENING_KYC")
                .post("{ resident(idNumber: \"%s\") { name birthDate } }".formatted(R1_ID));

        assertThat(codes(response)).containsExactly("FORBIDDEN_FIELD");
        assertThat(paths(response)).containsExactly("[\"resident\"]");
        assertThat(response.toString()).doesNotContain("张秀英");
    }

    @Test
    void streetOfficeSeesOnlyItsRegionMasked() {
        GraphQlHttpClient office = as("street-office-441900", "GRASSROOTS_RETURN");

        JsonNode own =
                office.post("{ resident(idNumber: \"%s\") { idNumber name address regionCode } }".formatted(R1_ID));
        JsonNode outside = office.post("{ resident(idNumber: \"%s\") { name } }".formatted(R2_ID));
        JsonNode outsideFullWidth =
                office.post("query($id: ID!) { resident(idNumber: $id) { name } }", Map.of("id", toFullWidth(R2_ID)));
        JsonNode otherRegion = office.post("{ residents(regionCode: \"110105\") { edges { node { name } } } }");
        JsonNode ownRegion = office.post("{ residents(regionCode: \"441900\", first: 50) {"
                + " edges { cursor node { idNumber regionCode address } } } }");

        assertThat(own.has("errors")).as("%s", own).isFalse();
        assertThat(own.at("/data/resident/idNumber").asString()).isEqualTo("441900************");
        assertThat(own.at("/data/resident/address").asString()).isEqualTo("广东省东莞市南城街道");
        assertThat(own.toString()).doesNotContain(R1_ID).doesNotContain("鸿福路");
        for (JsonNode hidden : List.of(outside, outsideFullWidth)) {
            assertThat(hidden.has("errors")).as("%s", hidden).isFalse();
            assertThat(hidden.at("/data/resident").isNull()).isTrue();
        }
        assertThat(otherRegion.at("/data/residents/edges").size()).isZero();
        assertThat(ownRegion.at("/data/residents/edges").size()).isEqualTo(50);
        for (JsonNode edge : ownRegion.at("/data/residents/edges")) {
            // A cursor carries the record's key; it must not give back the ID number the mask hides.
            String cursor = new String(
                    Base64.getUrlDecoder().decode(edge.get("cursor").asString()), StandardCharsets.ISO_8859_1);
            assertThat(cursor).doesNotContainPattern("\\d{6}");
            assertThat(edge.at("/node/regionCode").asString()).startsWith("4419");
            assertThat(edge.at("/node/idNumber").asString()).matches("4419\\d\\d\\*{12}");
        }
    }

    @Test
    void pensionWindowMayNotListResidents() {
        JsonNode response = as("dongguan-window", WINDOW_PURPOSE)
                .post("{ residents(regionCode: \"441900\") { edges { node { name } } } }");

        assertThat(codes(response)).containsExactly("FORBIDDEN_FIELD");
        assertThat(paths(response)).containsExactly("[\"residents\"]");
    }

    @Test
    void taxBureauReadsEnterpriseAndOnlyTheRepresentativesName() {
        GraphQlHttpClient tax = as("tax-bureau", "TAX_RECONCILIATION");

        JsonNode allowed =
                tax.post("{ enterprise(creditCode: \"%s\") { name registeredCapital legalRepresentative { name } } }"
                        .formatted(E1_CREDIT_CODE));
        JsonNode denied = tax.post(
                "{ enterprise(creditCode: \"%s\") { legalRepresentative { idNumber } } }".formatted(E1_CREDIT_CODE));

        assertThat(allowed.has("errors")).as("%s", allowed).isFalse();
        assertThat(allowed.at("/data/enterprise/legalRepresentative/name").asString())
                .isEqualTo("李建国");
        assertThat(paths(denied)).containsExactly("[\"enterprise\",\"legalRepresentative\",\"idNumber\"]");
        assertThat(denied.toString()).doesNotContain(R2_ID);
    }

    // --- the caller's schema ----------------------------------------------------------------------------------

    @Test
    void introspectionShowsExactlyTheCallersFields() {
        String document = "{ __schema { types { name fields { name } } } }";

        JsonNode window = as("dongguan-window", WINDOW_PURPOSE).post(document);
        JsonNode tax = as("tax-bureau", null).post(document);

        // Verifying a type takes its own root grant: reading a type (or reaching it through a relation) opens none.
        assertThat(fieldsOf(window, "Query"))
                .containsExactlyInAnyOrderElementsOf(withWorkflow("resident", "verifyResident"));
        assertThat(fieldsOf(window, "Resident"))
                .containsExactly("birthDate", "idNumber", "name", "pension", "regionCode");
        assertThat(fieldsOf(window, "PensionAccount")).containsExactly("contributionMonths", "retired", "status");
        assertThat(typeNames(window))
                .doesNotContain("MedicalInsurance", "Enterprise", "IncomeRecord", "ResidentConnection");
        assertThat(fieldsOf(tax, "Query"))
                .containsExactlyInAnyOrderElementsOf(withWorkflow("enterprise", "verifyEnterprise"));
        assertThat(fieldsOf(tax, "Resident")).containsExactly("name");
    }

    // --- limits and transports --------------------------------------------------------------------------------

    @Test
    void refusesTooManyAliases() {
        StringBuilder document = new StringBuilder("{ ");
        for (int i = 0; i < 40; i++) {
            document.append("r")
                    .append(i)
                    .append(": resident(idNumber: \"")
                    .append(R1_ID)
                    .append("\") { name } ");
        }
        document.append('}');

        JsonNode response = as("dongguan-window", WINDOW_PURPOSE).post(document.toString());

        assertThat(codes(response)).containsExactly("QUERY_TOO_COMPLEX");
        assertThat(response.toString()).doesNotContain("张秀英");
    }

    @Test
    void refusesDocumentsBeyondTheParsersSizeLimits() {
        String manyTokens = "{ " + "__typename ".repeat(6_000) + "}";
        String deep = "{ resident(idNumber: \"" + R1_ID + "\") " + "{ name ".repeat(150) + "}".repeat(151);

        for (String document : List.of(manyTokens, deep)) {
            JsonNode response = as("dongguan-window", WINDOW_PURPOSE).post(document);
            assertThat(codes(response)).as("%s", response).containsExactly("QUERY_TOO_COMPLEX");
        }
    }

    @Test
    void getAndBatchedRequestsAreRefused() {
        String token = TestTokens.fromIssuer(port, "dongguan-window");
        GraphQlHttpClient window = GraphQlHttpClient.of(port, token, WINDOW_PURPOSE);
        String query = "{ resident(idNumber: \"" + R1_ID + "\") { name } }";
        HttpResponse<String> get = window.send(HttpRequest.newBuilder(window.endpoint()
                        .resolve("/graphql?query=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + token)
                .header("X-Purpose", WINDOW_PURPOSE)
                .GET()
                .build());
        HttpResponse<String> batch = window.send("[{\"query\":\"" + query.replace("\"", "\\\"") + "\"}]");

        assertThat(get.statusCode()).isBetween(400, 499);
        assertThat(batch.statusCode()).isBetween(400, 499);
        assertThat(get.body() + batch.body()).doesNotContain("张秀英").doesNotContain("Exception");
    }

    // --- the admin endpoint ---------------------------------------------------------------------------------------

    @Test
    void adminEndpointAdmitsOnlyAuthorityAndStewards() {
        String explain =
                "{\"query\":\"{ explain(consumer: \\\"x\\\", purpose: \\\"P\\\", document: \\\"{ __typename }\\\") { allowed } }\"}";

        for (String client : List.of("no-grant-app", "dongguan-window")) {
            assertThat(admin(client, explain).statusCode()).as(client).isEqualTo(403);
        }
        for (String client : List.of("authority-admin", "hrss-steward")) {
            assertThat(admin(client, explain).statusCode()).as(client).isEqualTo(200);
        }
    }

    @Test
    void aStewardExplainsDocumentsOverItsOwnSourcesOnly() {
        String query = "query($d: String!) { explain(consumer: \"dongguan-window\", purpose: \"%s\", document: $d)"
                        .formatted(WINDOW_PURPOSE)
                + " { allowed denied grants sourceQueries { source } } }";
        AdminApi api = new AdminApi(port);

        JsonNode police = api.attempt(
                "hrss-steward",
                query,
                Map.of("d", "{ resident(idNumber: \"%s\") { name pension { status } } }".formatted(R1_ID)));
        JsonNode own = api.attempt(
                "hrss-steward",
                query,
                Map.of(
                        "d",
                        "{ verifyPensionAccount(idNumber: \"%s\", claims: {retired: true}) { outcome } }"
                                .formatted(R1_ID)));

        assertThat(codes(police)).containsExactly("FORBIDDEN_FIELD");
        assertThat(police.toString()).doesNotContain("G-").doesNotContain("police\"");
        assertThat(own.has("errors")).as(own.toString()).isFalse();
        assertThat(own.at("/data/explain/allowed").toString() + own.at("/data/explain/denied"))
                .contains("PensionAccount.retired");
    }

    @Test
    void explainShowsDecisionRowFiltersMasksAndSourceSql() {
        JsonNode window = explain(
                "dongguan-window",
                WINDOW_PURPOSE,
                "{ resident(idNumber: \"%s\") { name address pension { status } } }".formatted(R1_ID));
        JsonNode office = explain(
                "street-office-441900",
                "GRASSROOTS_RETURN",
                "{ resident(idNumber: \"%s\") { idNumber name } }".formatted(R1_ID));

        assertThat(window.at("/denied").toString()).isEqualTo("[\"Resident.address\"]");
        assertThat(window.at("/allowed").toString()).contains("Resident.name", "Resident.pension");
        assertThat(office.at("/denied").size()).isZero();
        assertThat(office.at("/grants").toString()).contains("G-STREET-OFFICE-441900-1");
        assertThat(office.at("/rowFilters").toString()).contains("Resident.regionCode STARTS_WITH '4419'");
        assertThat(office.at("/masks").toString()).contains("Resident.idNumber: ID_NUMBER");
        String sql = office.at("/sourceQueries/0/sql").asString();
        assertThat(office.at("/sourceQueries/0/source").asString()).isEqualTo("police");
        assertThat(sql).contains("LIKE ?").doesNotContain("4419").doesNotContain(R1_ID);
        // The ID number is masked by the source itself: its SQL returns only the masked form.
        assertThat(sql).containsPattern("CONCAT\\(SUBSTRING\\(.id_number.");
        String selected = sql.split("\\bFROM\\b", 2)[0];
        assertThat(selected).startsWith("SELECT").contains("SUBSTRING(");
        assertThat(selected.replaceAll("SUBSTRING\\(.id_number.", ""))
                .as("the raw ID number is never selected")
                .doesNotContain("id_number");
    }

    private HttpResponse<String> admin(String client, String body) {
        return new AdminApi(port).post(client, body);
    }

    private JsonNode explain(String consumer, String purpose, String document) {
        return new AdminApi(port).explain(consumer, purpose, document);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static List<String> codes(JsonNode response) {
        List<String> codes = new ArrayList<>();
        response.path("errors")
                .forEach(error -> codes.add(error.at("/extensions/code").asString()));
        return codes;
    }

    private static List<String> paths(JsonNode response) {
        List<String> paths = new ArrayList<>();
        response.path("errors").forEach(error -> paths.add(error.path("path").toString()));
        return paths;
    }

    private static Set<String> typeNames(JsonNode introspection) {
        Set<String> names = new TreeSet<>();
        introspection
                .at("/data/__schema/types")
                .forEach(type -> names.add(type.get("name").asString()));
        return names;
    }

    private static List<String> fieldsOf(JsonNode introspection, String typeName) {
        List<String> fields = new ArrayList<>();
        introspection.at("/data/__schema/types").forEach(type -> {
            if (type.get("name").asString().equals(typeName)) {
                type.get("fields").forEach(field -> fields.add(field.get("name").asString()));
            }
        });
        fields.sort(null);
        return fields;
    }

    private static List<String> withWorkflow(String... dataFields) {
        List<String> fields = new ArrayList<>(List.of(dataFields));
        fields.addAll(org.govshare.gateway.testing.TestSupport.WORKFLOW_QUERY_FIELDS);
        return fields;
    }

    private static String toFullWidth(String id) {
        StringBuilder out = new StringBuilder();
        id.chars().forEach(c -> out.append(Character.isDigit(c) ? (char) (c - '0' + '０') : (char) c));
        return out.toString();
    }

    private static JWKSource<SecurityContext> otherKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var pair = generator.generateKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID("attacker")
                .build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    private static JWTClaimsSet claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(TestTokens.ISSUER)
                .subject(subject)
                .audience(TestTokens.AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
                .claim("scope", "govshare.query")
                .build();
    }

    private static String unsigned(String subject) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims(subject).toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** The classic key-confusion attack: an HMAC whose secret is the issuer's public key. */
    private String hmacWithPublicKey(String subject) throws Exception {
        RSAKey publicKey = (RSAKey) issuerKeys
                .get(
                        new com.nimbusds.jose.jwk.JWKSelector(new com.nimbusds.jose.jwk.JWKMatcher.Builder().build()),
                        null)
                .get(0);
        byte[] secret = publicKey.toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(subject));
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }
}
