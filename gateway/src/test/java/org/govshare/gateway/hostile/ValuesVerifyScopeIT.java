package org.govshare.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.E1_CREDIT_CODE;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;
import static org.govshare.gateway.demo.FixedRecords.R2_ID;
import static org.govshare.gateway.hostile.ValuesAttacks.code;
import static org.govshare.gateway.hostile.ValuesAttacks.demoClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.SourceStatementLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * Item 8 of issue #18, a masked or relation-scoped READ used as VERIFY: the street office reads addresses cut to the
 * district, yet confirmed full street addresses by claims; the tax bureau reads the name of an enterprise's legal
 * representative, yet could confirm names of the whole population through {@code verifyResident}. A claim about a
 * masked field is refused (the caller's schema has no such claim), and verifying a type takes its own root grant
 * {@code Query.verifyT}: the demo clients that verify hold theirs, the tax bureau none for residents.
 */
@ValuesTest
class ValuesVerifyScopeIT {
    private static final String VERIFY_RESIDENT = """
            query($id: ID!, $claims: ResidentClaims!) { verifyResident(idNumber: $id, claims: $claims) { outcome } }""";

    @Value("${local.server.port}")
    int port;

    @Autowired
    SourceStatementLog statements;

    @BeforeEach
    void clearStatements() {
        statements.clear();
    }

    @Test
    void theStreetOfficeCannotConfirmTheAddressItSeesMasked() {
        GraphQlHttpClient office = demoClient(port, "street-office-441900", "GRASSROOTS_RETURN");

        JsonNode masked = office.post("{ resident(idNumber: \"%s\") { address } }".formatted(R1_ID));
        statements.clear();
        JsonNode fullAddress =
                office.post(VERIFY_RESIDENT, Map.of("id", R1_ID, "claims", Map.of("address", "广东省东莞市南城街道鸿福路88号")));
        JsonNode literal =
                office.post("{ verifyResident(idNumber: \"%s\", claims: {address: \"广东省东莞市南城街道鸿福路88号\"}) { outcome } }"
                        .formatted(R1_ID));
        List<String> sent = statements.sqlOf("police");
        JsonNode name = office.post(VERIFY_RESIDENT, Map.of("id", R1_ID, "claims", Map.of("name", "张秀英")));

        assertThat(masked.at("/data/resident/address").asString()).isEqualTo("广东省东莞市南城街道");
        for (JsonNode refused : List.of(fullAddress, literal)) {
            assertThat(code(refused)).as("%s", refused).isEqualTo("FORBIDDEN_FIELD");
            assertThat(refused.toString()).doesNotContain("MATCH");
        }
        assertThat(sent).as("a refused claim reaches no source").isEmpty();
        assertThat(claimFields(office)).contains("name").doesNotContain("address", "idNumber");
        // Its unmasked fields it may still verify, under its row filter.
        assertThat(name.at("/data/verifyResident/outcome").asString()).isEqualTo("MATCH");
    }

    @Test
    void readingThroughARelationOpensNoVerificationOfTheWholeType() {
        GraphQlHttpClient tax = demoClient(port, "tax-bureau", "TAX_RECONCILIATION");

        JsonNode population = tax.post(VERIFY_RESIDENT, Map.of("id", R2_ID, "claims", Map.of("name", "李建国")));
        JsonNode roots = tax.post("{ __schema { queryType { fields { name } } } }");
        JsonNode representative = tax.post(
                "{ verifyEnterprise(creditCode: \"%s\", claims: {legalRepresentative: {name: \"李建国\"}}) { outcome } }"
                        .formatted(E1_CREDIT_CODE));

        assertThat(code(population)).isEqualTo("FORBIDDEN_FIELD");
        assertThat(population.toString()).doesNotContain("MATCH");
        List<String> rootFields = new ArrayList<>();
        roots.at("/data/__schema/queryType/fields")
                .forEach(field -> rootFields.add(field.get("name").asString()));
        assertThat(rootFields).contains("enterprise", "verifyEnterprise").doesNotContain("verifyResident", "resident");
        // The representative of an enterprise it may read it may still confirm: that is within its grant.
        assertThat(representative.at("/data/verifyEnterprise/outcome").asString())
                .as("%s", representative)
                .isEqualTo("MATCH");
    }

    @Test
    void theClientsThatVerifyHoldTheirOwnRootGrants() {
        JsonNode bank = demoClient(port, "bank-kyc", "ACCOUNT_OPENING_KYC")
                .post(VERIFY_RESIDENT, Map.of("id", R1_ID, "claims", Map.of("name", "张秀英", "birthDate", "1962-03-15")));
        JsonNode window = demoClient(port, "dongguan-window", "PENSION_EXTENSION")
                .post(VERIFY_RESIDENT, Map.of("id", R1_ID, "claims", Map.of("pension", Map.of("retired", true))));
        JsonNode windowOtherType = demoClient(port, "dongguan-window", "PENSION_EXTENSION")
                .post("{ verifyPensionAccount(idNumber: \"%s\", claims: {retired: true}) { outcome } }"
                        .formatted(R1_ID));

        assertThat(bank.at("/data/verifyResident/outcome").asString())
                .as("%s", bank)
                .isEqualTo("MATCH");
        assertThat(window.at("/data/verifyResident/outcome").asString())
                .as("%s", window)
                .isEqualTo("MATCH");
        // The window reads pension accounts through residents; verifying them directly is another root it lacks.
        assertThat(code(windowOtherType)).isEqualTo("FORBIDDEN_FIELD");
    }

    private static List<String> claimFields(GraphQlHttpClient client) {
        JsonNode type = client.post("{ __type(name: \"ResidentClaims\") { inputFields { name } } }");
        List<String> fields = new ArrayList<>();
        type.at("/data/__type/inputFields")
                .forEach(field -> fields.add(field.get("name").asString()));
        return fields;
    }
}
