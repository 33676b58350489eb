package org.govshare.gateway.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;

import java.util.Map;
import java.util.UUID;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.GatewayInstance;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.RealServers;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A grant revoked on one gateway instance stops working on another at once: the change is announced through Redis
 * (the periodic reload is set to a minute here, so only the announcement can explain it). Propagation is measured.
 */
class GrantPropagationIT {
    @Test
    void aRevocationOnOneInstanceStopsTheGrantOnAnotherWithinASecond() throws Exception {
        // Measured from the authority's request to the first refusal on the other instance.
        GatewayInstance.Deployment deployment = new GatewayInstance.Deployment();
        String[] shared = {
            "--govshare.quotas.redis-url=" + RealServers.REDIS,
            "--govshare.quotas.redis-key-prefix=propagation-" + UUID.randomUUID(),
            "--govshare.policy.refresh=PT60S"
        };
        try (GatewayInstance first = deployment.start(shared);
                GatewayInstance second = deployment.start(shared)) {
            GraphQlHttpClient window = GraphQlHttpClient.of(
                    second.port(), TestTokens.fromIssuer(second.port(), "dongguan-window"), "PENSION_EXTENSION");
            String read = "{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID);
            assertThat(window.post(read).at("/data/resident/name").asString()).isEqualTo("张秀英");

            String authority = TestTokens.fromIssuer(first.port(), "authority-admin");
            long revoked = System.nanoTime();
            new AdminApi(first.port())
                    .queryWithToken(
                            authority,
                            "mutation { changeGrant(change: {grantId: \"G-DONGGUAN-WINDOW-1\", revoke: true},"
                                    + " reason: \"suspected misuse\") { version } }",
                            Map.of());
            JsonNode response = window.post(read);
            while (!response.has("errors") && System.nanoTime() - revoked < 5_000_000_000L) {
                Thread.sleep(10);
                response = window.post(read);
            }
            double millis = (System.nanoTime() - revoked) / 1e6;

            System.out.printf("grant revocation reached the other instance in %.0f ms%n", millis);
            assertThat(response.at("/errors/0/extensions/code").asString()).isEqualTo("PURPOSE_NOT_GRANTED");
            assertThat(millis).as("propagation in ms").isLessThan(1_000);
        }
    }
}
