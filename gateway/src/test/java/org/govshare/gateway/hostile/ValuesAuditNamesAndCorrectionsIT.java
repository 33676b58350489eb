package org.govshare.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;
import static org.govshare.gateway.hostile.ValuesAttacks.code;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * Item 13 of issue #18, the small ones: operation names were stored verbatim in the audit trail, and a name may carry
 * an ID number; corrections could be reported about fields the reporter has no grant for. Every name a caller chooses
 * (operation, variables, fragments) is replaced in the recorded shape as literals are blanked; a correction is taken
 * only about a field the reporter may use.
 */
@ValuesTest
class ValuesAuditNamesAndCorrectionsIT {
    private static final String REPORT = """
            mutation($k: String!) { reportCorrection(report: {type: "Resident", key: $k, field: "address",
              description: "the street number is wrong"}) { id source } }""";

    @Value("${local.server.port}")
    int port;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    @Test
    void namesTheCallerChoseDoNotReachTheAuditTrail() throws Exception {
        String caseId = "NAMES-" + UUID.randomUUID();
        GraphQlHttpClient window = new GraphQlHttpClient(
                port,
                Map.of(
                        "Authorization",
                        "Bearer " + org.govshare.gateway.testing.TestTokens.fromIssuer(port, "dongguan-window"),
                        "X-Purpose",
                        "PENSION_EXTENSION",
                        "X-Case-Id",
                        caseId));
        String digits = R1_ID.substring(0, 17);
        String document = """
                query Check_%1$s($id_%1$s: ID!) { ...Person_%1$s }
                fragment Person_%1$s on Query { resident(idNumber: $id_%1$s) { name } }""".formatted(digits);

        JsonNode response = window.post(document, Map.of("id_" + digits, R1_ID));
        List<Map<String, String>> records =
                ValuesAttacks.controlPlane("SELECT operation, fields FROM audit_record WHERE case_id = ?", caseId);

        assertThat(response.at("/data/resident/name").asString())
                .as("%s", response)
                .isEqualTo("张秀英");
        assertThat(records).hasSize(1);
        String operation = records.get(0).get("operation");
        assertThat(operation)
                .contains("resident(idNumber:")
                .contains("name")
                .contains("F1")
                .contains("$v1");
        assertThat(operation).doesNotContain(digits).doesNotContain("1962").doesNotContain("Check_");
    }

    @Test
    void aCorrectionIsTakenOnlyAboutAFieldTheReporterMayUse() {
        String stranger = "stranger-" + UUID.randomUUID();
        GraphQlHttpClient strangerClient = ValuesAttacks.signedClient(port, issuerKeys, stranger, null);

        JsonNode refused = strangerClient.post(REPORT, Map.of("k", R1_ID));
        JsonNode filed = strangerClient.post("{ myCorrections { id } }");
        JsonNode office = ValuesAttacks.signedClient(port, issuerKeys, "street-office-441900", null)
                .post(REPORT, Map.of("k", R1_ID));

        assertThat(code(refused)).isEqualTo("FORBIDDEN_FIELD");
        assertThat(refused.toString()).doesNotContain("广东省");
        assertThat(filed.at("/data/myCorrections").size()).isZero();
        // The street office reads addresses (masked): it may say one looks wrong.
        assertThat(office.at("/data/reportCorrection/source").asString())
                .as("%s", office)
                .isEqualTo("police");
    }
}
