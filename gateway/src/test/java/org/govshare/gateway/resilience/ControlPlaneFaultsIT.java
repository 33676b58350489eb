package org.govshare.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;

import java.util.Map;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.RealServers;
import org.govshare.gateway.testing.RealServersTest;
import org.govshare.gateway.testing.TestTokens;
import org.govshare.gateway.testing.TestingTcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The control plane (grants, audit trail; PostgreSQL behind a TCP proxy) goes down: data requests are refused with
 * SOURCE_UNAVAILABLE because nothing may be answered that is not on the record; policy changes are refused; the last
 * loaded policy stays in memory; health says the store is down; and everything works again, without a restart, once
 * the store is back.
 */
@RealServersTest
@ActiveProfiles("demo")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"govshare.demo.residents=2000", "spring.datasource.hikari.connection-timeout=500"})
class ControlPlaneFaultsIT {
    private static final TestingTcpProxy CONTROL = new TestingTcpProxy("127.0.0.1", 5432);
    private static final String READ = "{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID);

    @DynamicPropertySource
    static void controlPlaneThroughTheProxy(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.datasource.url",
                () -> "jdbc:postgresql://127.0.0.1:" + CONTROL.port() + "/"
                        + RealServers.POSTGRES_DATABASES.get("control"));
    }

    @Value("${local.server.port}")
    int port;

    @AfterEach
    void heal() {
        CONTROL.heal();
    }

    @Test
    void withTheControlPlaneDownNothingIsAnsweredOffTheRecordAndItRecoversByItself() throws Exception {
        GraphQlHttpClient window =
                GraphQlHttpClient.of(port, TestTokens.fromIssuer(port, "dongguan-window"), "PENSION_EXTENSION");
        String authority = TestTokens.fromIssuer(port, "authority-admin");
        assertThat(window.post(READ).at("/data/resident/name").asString()).isEqualTo("张秀英");

        CONTROL.down();
        JsonNode read = window.post(READ);
        JsonNode change = new AdminApi(port)
                .queryWithToken(
                        authority,
                        "mutation { changeGrant(change: {grantId: \"G-DONGGUAN-WINDOW-1\", revoke: true},"
                                + " reason: \"test\") { version } }",
                        Map.of());
        String health = new GraphQlHttpClient(port).get("/actuator/health").body();

        CONTROL.heal();
        long healed = System.nanoTime();
        JsonNode after = window.post(READ);
        while (after.has("errors") && System.nanoTime() - healed < 10_000_000_000L) {
            Thread.sleep(100);
            after = window.post(READ);
        }
        System.out.printf(
                "control plane back: answering again after %d ms%n", (System.nanoTime() - healed) / 1_000_000);

        assertThat(read.at("/errors/0/extensions/code").asString()).isEqualTo("SOURCE_UNAVAILABLE");
        assertThat(read.toString()).doesNotContain("张秀英");
        assertThat(change.at("/errors/0/extensions/code").asString()).isEqualTo("SOURCE_UNAVAILABLE");
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(health)
                        .at("/components/db/status")
                        .asString())
                .isEqualTo("DOWN");
        assertThat(after.at("/data/resident/name").asString()).isEqualTo("张秀英");
        // The refused revocation did not happen: the grant still works.
        assertThat(after.has("errors")).isFalse();
    }
}
