package org.govshare.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.govshare.gateway.testing.GatewayProcess;
import org.govshare.gateway.testing.RealServers;
import org.junit.jupiter.api.Test;

/**
 * The built jar as an operator runs it: without the demo profile it is in production and refuses to start until it is
 * configured, naming every missing setting at once; the demo takes no second issuer; and the demo's generator never
 * touches a database that is not an embedded in-memory one.
 */
class ProductionStartIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void withNoProfileAndNoConfigurationItRefusesToStartNamingEverySetting() {
        GatewayProcess.Exit exit = GatewayProcess.run("unconfigured", List.of("--server.port=0"), PATIENCE);

        assertThat(exit.code()).isNotZero();
        assertThat(exit.output())
                .contains("govshare cannot start in production: 7 setting(s) missing or invalid")
                .contains("govshare.security.issuer-uri or govshare.security.jwk-set-uri")
                .contains("govshare.security.audience")
                .contains("spring.datasource.url")
                .contains("govshare.audit.key")
                .contains("govshare.cursor-key")
                .contains("govshare.sources")
                .contains("govshare.catalog.location")
                .contains("--spring.profiles.active=demo")
                // Refused before anything started: no demo issuer, no generator, no port.
                .doesNotContain("demo data ready")
                .doesNotContain("Tomcat started");
    }

    @Test
    void theDemoWithAConfiguredIssuerIsRefused() {
        GatewayProcess.Exit exit = GatewayProcess.run(
                "demo-two-issuers",
                List.of(
                        "--server.port=0",
                        "--spring.profiles.active=demo",
                        "--govshare.security.jwk-set-uri=https://id.example.gov.cn/jwks"),
                PATIENCE);

        assertThat(exit.code()).isNotZero();
        assertThat(exit.output()).contains("The demo cannot start").contains("one issuer only");
    }

    @Test
    void theDemoGeneratorRefusesAPostgresqlSourceAndLeavesItsTableAlone() throws SQLException {
        String database = RealServers.database("generator_guard");
        RealServers.recreatePostgresDatabase(database);
        String url = RealServers.POSTGRES + database;
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE resident (id_number VARCHAR(18) PRIMARY KEY, name VARCHAR(64))");
            statement.execute("INSERT INTO resident VALUES ('110101197001010016', 'an operator''s own row')");
        }

        GatewayProcess.Exit exit = GatewayProcess.run(
                "generator-guard",
                List.of(
                        "--server.port=0",
                        "--spring.profiles.active=demo",
                        "--govshare.sources.police.url=" + url,
                        "--govshare.sources.police.username=postgres"),
                PATIENCE);

        assertThat(exit.code()).isNotZero();
        assertThat(exit.output())
                .contains("the demo generator drops and re-creates its tables, so it writes only to embedded in-memory")
                .contains("govshare.sources.police.url=" + url);
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id_number, name FROM resident")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString("name")).isEqualTo("an operator's own row");
            assertThat(rows.next()).isFalse();
        }
    }
}
