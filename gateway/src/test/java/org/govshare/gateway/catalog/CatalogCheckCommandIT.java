package org.govshare.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.govshare.gateway.testing.GatewayProcess;
import org.govshare.gateway.testing.RealServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check-catalog} as an operator's CI runs it: the built jar, its exit code and the problems it prints. */
class CatalogCheckCommandIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String MARRIAGE = """
            "婚姻登记 A marriage registration, kept by the civil affairs bureau."
            type MarriageRegistration
              @source(name: "civil", table: "marriage_registration", provider: "民政局 Civil Affairs Bureau")
              @primaryKey(fields: ["certificateNumber"])
              @lookup(name: "marriageRegistration")
              @listing(name: "marriageRegistrations", filters: ["officeCode"]) {
              certificateNumber: ID! @column(name: "certificate_number")
                @classification(level: L2, category: "civil affairs") @share(type: CONDITIONAL)
              officeCode: String! @column(name: "office_code")
                @classification(level: L1, category: "civil affairs") @share(type: UNCONDITIONAL)
              registeredOn: Date! @column(name: "registered_on")
                @classification(level: L2, category: "civil affairs") @share(type: CONDITIONAL)
            }
            """;

    @TempDir
    Path folder;

    @Test
    void aValidCatalogPassesAndTheDemoCatalogToo() throws IOException {
        Files.writeString(folder.resolve("civil.graphqls"), MARRIAGE);

        GatewayProcess.Exit own = check(folder.toString());
        GatewayProcess.Exit demo = check("classpath:catalog/demo");

        assertThat(own.code()).as(own.output()).isZero();
        assertThat(own.output()).contains("check-catalog: 1 file(s) OK");
        assertThat(demo.code()).as(demo.output()).isZero();
        assertThat(demo.output()).contains("check-catalog: 5 file(s) OK");
    }

    @Test
    void everyProblemOfEveryFileIsPrintedWithItsLineAndTheExitCodeIsOne() throws IOException {
        Files.writeString(
                folder.resolve("civil.graphqls"),
                MARRIAGE.replace("@share(type: UNCONDITIONAL)", "@share(type: NOWHERE)"));
        Files.writeString(folder.resolve("school.graphqls"), "type Student @source(name: \"education\") {\n}\n");

        GatewayProcess.Exit exit = check(folder.toString());

        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.output())
                .contains(folder.resolve("civil.graphqls") + ":10:")
                .contains("@share(type) must be one of")
                .contains(folder.resolve("school.graphqls") + ":1:")
                .contains("@source needs argument table")
                .contains("check-catalog: ");
    }

    @Test
    void withAConfigurationTheLiveSourcesAreCheckedToo() throws IOException, SQLException {
        String database = RealServers.database("check_catalog");
        RealServers.recreatePostgresDatabase(database);
        try (Connection connection = DriverManager.getConnection(RealServers.POSTGRES + database, "postgres", "");
                Statement statement = connection.createStatement()) {
            // registered_on is text, and nothing indexes office_code: two problems the SDL alone cannot show.
            statement.execute("CREATE TABLE marriage_registration (certificate_number VARCHAR(32) PRIMARY KEY,"
                    + " office_code VARCHAR(12) NOT NULL, registered_on VARCHAR(10) NOT NULL)");
        }
        Files.writeString(folder.resolve("civil.graphqls"), MARRIAGE);
        Path config = folder.resolve("application.yml");
        Files.writeString(config, """
                govshare:
                  sources:
                    civil:
                      url: %s
                      username: postgres
                """.formatted(RealServers.POSTGRES + database));

        GatewayProcess.Exit exit = check(folder.resolve("civil.graphqls").toString(), "--config=" + config);

        assertThat(exit.code()).as(exit.output()).isEqualTo(1);
        assertThat(exit.output())
                .contains(folder.resolve("civil.graphqls") + ":11:")
                .contains("MarriageRegistration.registeredOn is a Date but column civil.marriage_registration"
                        + ".registered_on is varchar")
                .contains(folder.resolve("civil.graphqls") + ":6:")
                .contains("listing marriageRegistrations")
                .contains("check-catalog: 2 problem(s)");
    }

    @Test
    void aCommandWithoutACatalogIsAUsageError() {
        GatewayProcess.Exit exit = GatewayProcess.run("check-usage", List.of("check-catalog"), PATIENCE);

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.output()).contains("usage: java -jar");
    }

    private static GatewayProcess.Exit check(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("check-catalog"));
        command.addAll(List.of(arguments));
        return GatewayProcess.run("check-catalog", command, PATIENCE);
    }
}
