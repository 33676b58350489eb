package org.govshare.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.GatewayInstance;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.RealServers;
import org.govshare.gateway.testing.TestTokens;
import org.govshare.gateway.testing.TestingPausedSource;
import org.govshare.schema.catalog.CatalogFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The catalog changes without a restart, on two instances that share a control plane and Redis: an invalid change is
 * refused with its problems while the running catalog serves on; a valid one is recorded, audited and served by both
 * instances at once; a request in flight finishes on the version it started with; grants left pointing at a removed
 * field are named in the answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogReloadIT {
    private static final String READ = "{ resident(idNumber: \"%s\") { name pension { status } } }".formatted(R1_ID);
    private static final String RELOAD = "mutation($reason: String!) { reloadCatalog(reason: $reason) { outcome"
            + " version { version author reason serving } problems grantProblems { grantId field problem } } }";

    private final Path catalog =
            Path.of("target", "reload-catalog-" + UUID.randomUUID()).toAbsolutePath();
    private final TestingPausedSource hrss = new TestingPausedSource("hrss");
    private final GatewayInstance.Deployment deployment = new GatewayInstance.Deployment();
    private GatewayInstance first;
    private GatewayInstance second;

    @BeforeAll
    void start() throws IOException {
        Files.createDirectories(catalog);
        for (CatalogFile file : CatalogFile.demo()) {
            Files.writeString(catalog.resolve(Path.of(file.name()).getFileName()), file.content());
        }
        String[] shared = {
            "--govshare.catalog.location=" + catalog,
            "--govshare.quotas.redis-url=" + RealServers.REDIS,
            "--govshare.quotas.redis-key-prefix=catalog-reload-" + UUID.randomUUID(),
            // Long enough that only the announcement can explain how fast the second instance follows.
            "--govshare.catalog.refresh=PT60S"
        };
        first = deployment.startWith(List.of(hrss), shared);
        second = deployment.start(shared);
    }

    @AfterAll
    void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    @Order(1)
    void anInvalidCatalogIsRefusedWithEveryProblemAndTheRunningOneServesOn() throws IOException {
        Path police = catalog.resolve("police.graphqls");
        String original = Files.readString(police);
        Files.writeString(
                police,
                original.replace("@column(name: \"birth_date\")", "@column(name: \"born_on\")")
                        .replace(
                                "@classification(level: L2, category: \"personal identity\") @share(type:"
                                        + " CONDITIONAL)",
                                "@classification(level: L7, category: \"personal identity\")"
                                        + " @share(type: CONDITIONAL)"));
        try {
            JsonNode answer = reload(first, "a broken change").get("reloadCatalog");

            assertThat(answer.get("outcome").asString()).isEqualTo("REFUSED");
            assertThat(answer.at("/version/version").asLong()).isEqualTo(1);
            assertThat(answer.get("problems")).extracting(JsonNode::asString).anySatisfy(problem -> assertThat(problem)
                    .startsWith(police + ":")
                    .contains("@classification(level) must be one of"));
            assertThat(answer.get("problems")).hasSizeGreaterThanOrEqualTo(1);
            assertThat(window(first)
                            .post(READ)
                            .at("/data/resident/pension/status")
                            .asString())
                    .isEqualTo("ACTIVE");
        } finally {
            Files.writeString(police, original);
        }
        // A catalog whose SDL is fine but whose column the source lacks is refused by the live check.
        Files.writeString(police, original.replace("@column(name: \"birth_date\")", "@column(name: \"born_on\")"));
        try {
            JsonNode answer = reload(first, "a column the source lacks").get("reloadCatalog");

            assertThat(answer.get("outcome").asString()).isEqualTo("REFUSED");
            assertThat(answer.get("problems"))
                    .extracting(JsonNode::asString)
                    .singleElement()
                    .asString()
                    .startsWith(police + ":")
                    .contains("Resident.birthDate is bound to unknown column born_on of table police.resident");
        } finally {
            Files.writeString(police, original);
        }
        assertThat(reload(first, "nothing changed").at("/reloadCatalog/outcome").asString())
                .isEqualTo("UNCHANGED");
    }

    @Test
    @Order(2)
    void aValidChangeServesOnEveryInstanceWhileARequestInFlightFinishesOnItsVersion() throws Exception {
        hrss.pause();
        CompletableFuture<JsonNode> inFlight =
                CompletableFuture.supplyAsync(() -> window(first).post(READ));
        hrss.awaitHeld();
        Path police = catalog.resolve("police.graphqls");
        String withoutPension = Files.readString(police)
                .replaceAll("  \"养老保险 account[^\\n]*\\n  pension: PensionAccount[^\\n]*\\n[^\\n]*\\n", "");
        assertThat(withoutPension).doesNotContain("pension:");
        Files.writeString(police, withoutPension);

        JsonNode answer = reload(first, "pension data moves to its own service").get("reloadCatalog");
        long reloaded = System.nanoTime();
        hrss.resume();

        assertThat(answer.get("outcome").asString()).isEqualTo("RELOADED");
        assertThat(answer.at("/version/version").asLong()).isEqualTo(2);
        assertThat(answer.at("/version/author").asString()).isEqualTo("authority-admin");
        assertThat(answer.at("/version/serving").asBoolean()).isTrue();
        assertThat(answer.get("grantProblems")).anySatisfy(problem -> {
            assertThat(problem.get("grantId").asString()).isEqualTo("G-DONGGUAN-WINDOW-1");
            assertThat(problem.get("field").asString()).isEqualTo("Resident.pension");
            assertThat(problem.get("problem").asString()).isEqualTo("is not in the catalog");
        });
        // Started on version 1, the request finishes on it: the pension it asked for is read.
        JsonNode finished = inFlight.get(30, TimeUnit.SECONDS);
        assertThat(finished.has("errors")).as(finished.toString()).isFalse();
        assertThat(finished.at("/data/resident/pension/status").asString()).isEqualTo("ACTIVE");
        // A request after the reload runs on version 2, on this instance and on the other one at once.
        assertThat(window(first).post(READ).at("/errors/0/extensions/code").asString())
                .isEqualTo("FORBIDDEN_FIELD");
        JsonNode other = window(second).post(READ);
        while (!other.has("errors") && System.nanoTime() - reloaded < 5_000_000_000L) {
            Thread.sleep(20);
            other = window(second).post(READ);
        }
        System.out.printf(
                "catalog version 2 reached the other instance in %.0f ms%n", (System.nanoTime() - reloaded) / 1e6);
        assertThat(other.at("/errors/0/extensions/code").asString()).isEqualTo("FORBIDDEN_FIELD");
        assertThat(window(second)
                        .post("{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID))
                        .at("/data/resident/name")
                        .asString())
                .isEqualTo("张秀英");
        JsonNode versions = new AdminApi(second.port())
                .queryWithToken(
                        TestTokens.fromIssuer(second.port(), "authority-admin"),
                        "{ catalogVersions { version author reason serving files } }",
                        Map.of())
                .at("/data/catalogVersions");
        assertThat(versions.get(0).get("version").asLong()).isEqualTo(2);
        assertThat(versions.get(0).get("serving").asBoolean()).isTrue();
        assertThat(versions.get(0).get("reason").asString()).isEqualTo("pension data moves to its own service");
        assertThat(versions.get(1).get("serving").asBoolean()).isFalse();
    }

    private static GraphQlHttpClient window(GatewayInstance instance) {
        return instance.client("dongguan-window", "PENSION_EXTENSION");
    }

    private static JsonNode reload(GatewayInstance instance, String reason) {
        JsonNode response = new AdminApi(instance.port())
                .queryWithToken(
                        TestTokens.fromIssuer(instance.port(), "authority-admin"), RELOAD, Map.of("reason", reason));
        assertThat(response.has("errors")).as(response.toString()).isFalse();
        return response.get("data");
    }
}
