package org.govshare.gateway.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.GatewayProcess;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.RealServers;
import org.govshare.gateway.testing.TestingTokenIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * govshare deployed as an operator deploys it: the built jar in its own process, no profile, two departments the demo
 * does not have on their own databases (民政 marriage registrations on PostgreSQL, 教育 student enrolments on
 * MariaDB, related across the two), a catalog and a configuration file the operator writes, an identity provider that
 * is not the gateway, and grants imported from a file. It answers a lookup, a relation across the sources, a listing
 * under a row filter and a verification, refuses an ungranted field, and serves a field added to the catalog after a
 * reload, without a restart.
 */
class OperatorDeploymentIT {
    private static final String AUDIENCE = "civil-education-gateway";
    private static final String PURPOSE = "SCHOOL_ADMISSION";

    /** The walkthrough of the README, "Run it on your own data": its catalog and grants are the ones tested here. */
    private static final Path EXAMPLES = Path.of("..", "docs", "examples");

    @TempDir
    Path folder;

    @Test
    void anOperatorsOwnDepartmentsServeAsDeployedAndTheCatalogChangesWithoutARestart()
            throws IOException, SQLException {
        String civil = RealServers.database("deploy_civil");
        String education = RealServers.database("deploy_education");
        String control = RealServers.database("deploy_control");
        createDepartments(civil, education);
        RealServers.recreatePostgresDatabase(control);
        Path catalog = Files.createDirectories(folder.resolve("catalog"));
        Files.copy(EXAMPLES.resolve("catalog/civil.graphqls"), catalog.resolve("civil.graphqls"));
        Files.copy(EXAMPLES.resolve("catalog/education.graphqls"), catalog.resolve("education.graphqls"));
        String grants = Files.readString(EXAMPLES.resolve("grants.yml"));

        try (TestingTokenIssuer issuer = new TestingTokenIssuer()) {
            Path config = folder.resolve("application.yml");
            Files.writeString(config, configuration(issuer, catalog, civil, education, control));
            try (GatewayProcess gateway =
                    GatewayProcess.start("operator", List.of("--spring.config.additional-location=file:" + config))) {
                long pid = gateway.pid();
                GraphQlHttpClient anonymous = new GraphQlHttpClient(gateway.port());
                assertThat(anonymous.get("/actuator/health/readiness").statusCode())
                        .isEqualTo(200);
                // No demo here: its issuer's token endpoint does not exist.
                assertThat(anonymous.get("/oauth2/token").statusCode()).isNotEqualTo(200);
                // Started without the start command's JIT flags (README, step 7): the log names them.
                assertThat(gateway.log().lines().filter(line -> line.contains("recompilation cutoffs")))
                        .singleElement()
                        .satisfies(line -> assertThat(line)
                                .contains(" WARN ")
                                .contains("-XX:PerMethodRecompilationCutoff=10000"
                                        + " -XX:PerBytecodeRecompilationCutoff=10000"));

                AdminApi admin = new AdminApi(gateway.port());
                String authority = issuer.token("platform-operator", List.of("gateway.admin"), AUDIENCE);
                JsonNode imported = admin.queryWithToken(
                                authority,
                                "mutation($file: String!) { importGrants(file: $file, reason: \"baseline of the"
                                        + " admissions office\") { imported changed problems } }",
                                Map.of("file", grants))
                        .at("/data/importGrants");
                assertThat(imported.get("imported").asBoolean())
                        .as(imported.toString())
                        .isTrue();
                assertThat(imported.get("changed"))
                        .extracting(JsonNode::asString)
                        .containsExactly("G-ADMISSIONS-OFFICE");

                GraphQlHttpClient office = GraphQlHttpClient.of(
                        gateway.port(),
                        issuer.token("admissions-office", List.of("govshare.query"), AUDIENCE),
                        PURPOSE);
                answersAsGranted(office);
                refusesWhatIsNotGranted(gateway, issuer, office);

                addAFieldAndReload(admin, authority, catalog, education, office, grants);
                assertThat(gateway.pid()).as("the same process, not restarted").isEqualTo(pid);
            }
        }
    }

    private static void answersAsGranted(GraphQlHttpClient office) {
        JsonNode lookup = office.post("{ studentEnrolment(studentNumber: \"S-441900-001\") { studentName grade } }");
        assertThat(lookup.at("/data/studentEnrolment/studentName").asString())
                .as(lookup.toString())
                .isEqualTo("王小明");
        assertThat(lookup.at("/data/studentEnrolment/grade").asInt()).isEqualTo(3);

        // MariaDB (education) to PostgreSQL (civil affairs) in one answer.
        JsonNode related = office.post("{ studentEnrolment(studentNumber: \"S-441900-002\") { studentName"
                + " parentsMarriage { registeredOn status } } }");
        assertThat(related.at("/data/studentEnrolment/parentsMarriage/registeredOn")
                        .asString())
                .as(related.toString())
                .isEqualTo("2015-10-01");
        assertThat(related.at("/data/studentEnrolment/parentsMarriage/status").asString())
                .isEqualTo("REGISTERED");

        JsonNode listing = office.post("{ studentEnrolments(schoolCode: \"441900001\", first: 10) { edges { node {"
                + " studentNumber } } pageInfo { hasNextPage } } }");
        assertThat(listing.at("/data/studentEnrolments/edges").findValuesAsString("studentNumber"))
                .as(listing.toString())
                .containsExactly("S-441900-001", "S-441900-002");
        // The row filter keeps the office to schools of 4419…: another region's school lists nothing, and its
        // students are not found.
        assertThat(office.post("{ studentEnrolments(schoolCode: \"110105001\") { edges { node { studentNumber } }"
                                + " } }")
                        .at("/data/studentEnrolments/edges"))
                .isEmpty();
        assertThat(office.post("{ studentEnrolment(studentNumber: \"S-110105-001\") { studentName } }")
                        .at("/data/studentEnrolment")
                        .isNull())
                .isTrue();

        JsonNode match = office.post("{ verifyMarriageRegistration(certificateNumber: \"M-2019-0001\", claims:"
                + " {husbandName: \"王伟\"}) { outcome claims { claim outcome } } }");
        assertThat(match.at("/data/verifyMarriageRegistration/outcome").asString())
                .as(match.toString())
                .isEqualTo("MATCH");
        assertThat(office.post("{ verifyMarriageRegistration(certificateNumber: \"M-2019-0001\", claims:"
                                + " {husbandName: \"王强\"}) { outcome } }")
                        .at("/data/verifyMarriageRegistration/outcome")
                        .asString())
                .isEqualTo("MISMATCH");
    }

    private static void refusesWhatIsNotGranted(
            GatewayProcess gateway, TestingTokenIssuer issuer, GraphQlHttpClient office) {
        JsonNode refused = office.post("{ marriageRegistration(certificateNumber: \"M-2019-0001\") { wifeName } }");
        assertThat(refused.at("/errors/0/extensions/code").asString())
                .as(refused.toString())
                .isEqualTo("FORBIDDEN_FIELD");
        assertThat(refused.at("/errors/0/message").asString()).doesNotContain("李娜");
        assertThat(refused.has("data") && !refused.get("data").isNull()).isFalse();

        // A token for another audience, or from a key the issuer never published, is not accepted at all.
        GraphQlHttpClient otherAudience = GraphQlHttpClient.of(
                gateway.port(),
                issuer.token("admissions-office", List.of("govshare.query"), "another-service"),
                PURPOSE);
        HttpResponse<String> response = otherAudience.send(
                "{\"query\":\"{ studentEnrolment(studentNumber: \\\"S-441900-001\\\") { studentName } }\"}");
        assertThat(response.statusCode()).isEqualTo(401);
        try (TestingTokenIssuer impostor = new TestingTokenIssuer()) {
            HttpResponse<String> forged = GraphQlHttpClient.of(
                            gateway.port(),
                            impostor.token("admissions-office", List.of("govshare.query"), AUDIENCE),
                            PURPOSE)
                    .send("{\"query\":\"{ studentEnrolment(studentNumber: \\\"S-441900-001\\\") { studentName } }\"}");
            assertThat(forged.statusCode()).isEqualTo(401);
        }
    }

    private static void addAFieldAndReload(
            AdminApi admin, String authority, Path catalog, String education, GraphQlHttpClient office, String grants)
            throws IOException, SQLException {
        try (Connection connection = DriverManager.getConnection(RealServers.MARIADB + education, "root", "");
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE student_enrolment ADD COLUMN class_name VARCHAR(20)");
            statement.execute(
                    "UPDATE student_enrolment SET class_name = '三年级二班' WHERE student_number =" + " 'S-441900-001'");
        }
        Path educationCatalog = catalog.resolve("education.graphqls");
        Files.writeString(
                educationCatalog,
                Files.readString(educationCatalog)
                        .replace(
                                "  \"The parents' marriage registration",
                                "  className: String @column(name: \"class_name\")\n"
                                        + "    @classification(level: L1, category: \"education\") @share(type: CONDITIONAL)\n"
                                        + "  \"The parents' marriage registration"));
        String document = "{ studentEnrolment(studentNumber: \"S-441900-001\") { studentName className } }";
        assertThat(office.post(document).at("/errors/0/extensions/code").asString())
                .isEqualTo("FORBIDDEN_FIELD");

        JsonNode reload = admin.queryWithToken(
                        authority,
                        "mutation { reloadCatalog(reason: \"classes are shared from now on\") { outcome"
                                + " version { version author } problems } }",
                        Map.of())
                .at("/data/reloadCatalog");
        assertThat(reload.get("outcome").asString()).as(reload.toString()).isEqualTo("RELOADED");
        assertThat(reload.at("/version/version").asLong()).isEqualTo(2);
        assertThat(reload.at("/version/author").asString()).isEqualTo("platform-operator");
        JsonNode granted = admin.queryWithToken(
                        authority,
                        "mutation($file: String!) { importGrants(file: $file, reason: \"the class too\") {"
                                + " imported changed problems } }",
                        Map.of(
                                "file",
                                grants.replace(
                                        "      StudentEnrolment.grade: READ\n",
                                        "      StudentEnrolment.grade: READ\n      StudentEnrolment.className: READ\n")))
                .at("/data/importGrants");
        assertThat(granted.get("imported").asBoolean()).as(granted.toString()).isTrue();

        JsonNode read = office.post(document);
        assertThat(read.at("/data/studentEnrolment/className").asString())
                .as(read.toString())
                .isEqualTo("三年级二班");
    }

    private static void createDepartments(String civil, String education) throws SQLException {
        RealServers.recreatePostgresDatabase(civil);
        try (Connection connection = DriverManager.getConnection(RealServers.POSTGRES + civil, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE marriage_registration (certificate_number VARCHAR(32) PRIMARY KEY,"
                    + " husband_name VARCHAR(64) NOT NULL, wife_name VARCHAR(64) NOT NULL,"
                    + " office_code VARCHAR(6) NOT NULL, registered_on DATE NOT NULL, status VARCHAR(16) NOT NULL)");
            statement.execute(
                    "CREATE INDEX marriage_office_idx ON marriage_registration (office_code, certificate_number)");
            statement.execute("INSERT INTO marriage_registration VALUES"
                    + " ('M-2019-0001', '王伟', '李娜', '441900', DATE '2019-05-20', 'REGISTERED'),"
                    + " ('M-2015-0002', '张强', '刘芳', '441900', DATE '2015-10-01', 'REGISTERED'),"
                    + " ('M-2010-0003', '陈杰', '杨静', '110105', DATE '2010-01-08', 'DIVORCED')");
        }
        RealServers.recreateMariadbDatabase(education);
        try (Connection connection = DriverManager.getConnection(RealServers.MARIADB + education, "root", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE student_enrolment (student_number VARCHAR(20) PRIMARY KEY,"
                    + " student_name VARCHAR(64) NOT NULL, school_code VARCHAR(10) NOT NULL, grade INT NOT NULL,"
                    + " parents_certificate VARCHAR(32))");
            statement.execute("CREATE INDEX enrolment_school_idx ON student_enrolment (school_code, student_number)");
            statement.execute("INSERT INTO student_enrolment VALUES"
                    + " ('S-441900-001', '王小明', '441900001', 3, 'M-2019-0001'),"
                    + " ('S-441900-002', '张小红', '441900001', 5, 'M-2015-0002'),"
                    + " ('S-441900-003', '李小刚', '441900002', 1, NULL),"
                    + " ('S-110105-001', '陈小芳', '110105001', 4, 'M-2010-0003')");
        }
    }

    private static String configuration(
            TestingTokenIssuer issuer, Path catalog, String civil, String education, String control) {
        return """
                govshare:
                  security:
                    issuer-uri: %s
                    jwk-set-uri: %s
                    audience: %s
                  audit:
                    key: %s
                  cursor-key: %s
                  catalog:
                    location: %s
                  sources:
                    civil:
                      url: %s
                      username: postgres
                    education:
                      url: %s
                      username: root
                      dialect: mariadb
                spring:
                  datasource:
                    url: %s
                    username: postgres
                """.formatted(
                        issuer.issuer(),
                        issuer.jwkSetUri(),
                        AUDIENCE,
                        secret(32),
                        secret(32),
                        catalog,
                        RealServers.POSTGRES + civil,
                        RealServers.MARIADB + education,
                        RealServers.POSTGRES + control);
    }

    private static String secret(int bytes) {
        byte[] secret = new byte[bytes];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }
}
