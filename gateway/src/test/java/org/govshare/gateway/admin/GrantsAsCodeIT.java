package org.govshare.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.E1_CREDIT_CODE;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Grants as code through the admin API: the grants exported as a file import to the same grants; a new grant in a
 * file is one new policy version with its author and reason, and works at once; a file with any problem changes
 * nothing and says why. Every import is on the audit trail.
 */
@ActiveProfiles("demo")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "govshare.demo.residents=1000",
            // A control plane of its own: the imports add policy versions no other test expects.
            "spring.datasource.url=jdbc:h2:mem:grants-as-code;DB_CLOSE_DELAY=-1",
            "govshare.grants.baseline=classpath:grants/baseline-test.yml"
        })
class GrantsAsCodeIT {
    private static final String IMPORT = "mutation($file: String!, $reason: String!) { importGrants(file: $file,"
            + " reason: $reason) { imported version { version author reason } changed unchanged problems } }";
    private static final String NEW_GRANT = """
            format: govshare-grants/1
            grants:
              - id: G-FILE-REGISTRY
                consumer: registry-reader
                purpose: ENTERPRISE_CHECK
                validFrom: 2026-01-01T00:00:00Z
                validUntil: 2099-01-01T00:00:00Z
                fields:
                  Query.enterprise: READ
                  Enterprise.name: READ
            """;

    @Value("${local.server.port}")
    int port;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    @Autowired
    DataSource controlPlane;

    @Test
    void exportedGrantsImportToTheSameGrants() {
        String exported = export();

        JsonNode imported = importFile(exported, "the baseline as it is");

        assertThat(exported).contains("format: govshare-grants/1").contains("id: G-DONGGUAN-WINDOW-1");
        assertThat(imported.get("imported").asBoolean()).isTrue();
        assertThat(imported.get("version").isNull()).isTrue();
        assertThat(imported.get("changed")).isEmpty();
        assertThat(imported.get("unchanged"))
                .extracting(JsonNode::asString)
                .contains("G-DONGGUAN-WINDOW-1", "G-BANK-KYC-1", "G-STREET-OFFICE-441900-1", "G-TAX-BUREAU-1");
        assertThat(withoutComments(export())).isEqualTo(withoutComments(exported));
    }

    @Test
    void aNewGrantInAFileIsOnePolicyVersionAndWorksAtOnce() throws SQLException {
        GraphQlHttpClient reader =
                GraphQlHttpClient.of(port, TestTokens.signed(issuerKeys, "registry-reader"), "ENTERPRISE_CHECK");
        String read = "{ enterprise(creditCode: \"%s\") { name } }".formatted(E1_CREDIT_CODE);
        assertThat(reader.post(read).at("/errors/0/extensions/code").asString()).isEqualTo("PURPOSE_NOT_GRANTED");

        JsonNode imported = importFile(NEW_GRANT, "registry checks for the enterprise service");

        assertThat(imported.get("imported").asBoolean()).isTrue();
        assertThat(imported.at("/version/author").asString()).isEqualTo("authority-admin");
        assertThat(imported.at("/version/reason").asString()).isEqualTo("registry checks for the enterprise service");
        assertThat(imported.get("changed")).extracting(JsonNode::asString).containsExactly("G-FILE-REGISTRY");
        assertThat(reader.post(read).at("/data/enterprise/name").asString()).isEqualTo("东莞市示范科技有限公司");
        assertThat(export()).contains("id: G-FILE-REGISTRY").contains("Enterprise.name: READ");
        assertThat(auditedOperations()).anySatisfy(operation -> assertThat(operation)
                .startsWith("importGrants: policy version "
                        + imported.at("/version/version").asLong())
                .contains("G-FILE-REGISTRY"));
    }

    @Test
    void aFileWithAnyProblemChangesNothingAndSaysWhy() throws SQLException {
        String before = export();
        String file = NEW_GRANT
                .replace("G-FILE-REGISTRY", "G-FILE-BAD")
                .replace(
                        "Enterprise.name: READ",
                        "Enterprise.name: READ\n      MedicalInsurance.balance: READ\n"
                                + "      Resident.salary: READ");

        JsonNode imported = importFile(file, "a grant the catalog cannot give");

        assertThat(imported.get("imported").asBoolean()).isFalse();
        assertThat(imported.get("version").isNull()).isTrue();
        assertThat(imported.get("problems"))
                .extracting(JsonNode::asString)
                .containsExactlyInAnyOrder(
                        "grant G-FILE-BAD: MedicalInsurance.balance is NOT_SHARED and cannot be granted"
                                + " (《医疗保障基金使用监督管理条例》: personal account balances are not shared)",
                        "grant G-FILE-BAD: Resident.salary is not in the catalog");
        assertThat(withoutComments(export())).isEqualTo(withoutComments(before));
        assertThat(auditedOperations())
                .anySatisfy(operation -> assertThat(operation).startsWith("importGrants refused: 2 problem(s)"));
    }

    @Test
    void theBaselineFileIsImportedAtStartUp() {
        GraphQlHttpClient reader =
                GraphQlHttpClient.of(port, TestTokens.signed(issuerKeys, "baseline-reader"), "ENTERPRISE_CHECK");

        JsonNode read = reader.post("{ enterprise(creditCode: \"%s\") { status } }".formatted(E1_CREDIT_CODE));
        JsonNode versions = new AdminApi(port)
                .query("authority-admin", "{ policyVersions { author reason } }", Map.of())
                .get("policyVersions");

        assertThat(read.at("/data/enterprise/status").asString()).isEqualTo("ACTIVE");
        assertThat(versions).anySatisfy(version -> {
            assertThat(version.get("author").asString()).startsWith("start-up of ");
            assertThat(version.get("reason").asString())
                    .isEqualTo("the grants file classpath:grants/baseline-test.yml");
        });
    }

    @Test
    void onlyTheAuthorityImportsOrExports() {
        JsonNode steward = new AdminApi(port)
                .attempt("hrss-steward", IMPORT, Map.of("file", NEW_GRANT, "reason", "a steward tries"));

        assertThat(steward.at("/errors/0/extensions/code").asString()).isEqualTo("FORBIDDEN_FIELD");
        assertThat(new AdminApi(port)
                        .attempt("hrss-steward", "{ exportGrants }", Map.of())
                        .at("/errors/0/extensions/code")
                        .asString())
                .isEqualTo("FORBIDDEN_FIELD");
    }

    private String export() {
        return new AdminApi(port)
                .query("authority-admin", "{ exportGrants }", Map.of())
                .get("exportGrants")
                .asString();
    }

    /** An export's comment names its time: exports of equal grants differ in it only. */
    private static String withoutComments(String file) {
        return file.lines().filter(line -> !line.startsWith("#")).collect(java.util.stream.Collectors.joining("\n"));
    }

    private JsonNode importFile(String file, String reason) {
        return new AdminApi(port)
                .query("authority-admin", IMPORT, Map.of("file", file, "reason", reason))
                .get("importGrants");
    }

    private List<String> auditedOperations() throws SQLException {
        List<String> operations = new ArrayList<>();
        try (Connection connection = controlPlane.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT operation FROM audit_record WHERE consumer_id = 'authority-admin' ORDER BY seq");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                operations.add(rows.getString(1));
            }
        }
        return operations;
    }
}
