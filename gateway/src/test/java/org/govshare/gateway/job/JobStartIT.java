package org.govshare.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R0_ID;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;
import static org.govshare.gateway.demo.FixedRecords.R2_ID;
import static org.govshare.gateway.demo.FixedRecords.R3_ID;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import org.govshare.gateway.testing.JobClient;
import org.govshare.gateway.testing.RealServersTest;
import org.govshare.gateway.testing.TestSupport;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * A job submitted to an instance starts there at once, not at the runner's next round: here the rounds come once an
 * hour (the first an hour after start), so the job is done within the client's patience only if its submission
 * wakes the runner. End to end through HTTP with a real token, against the real servers.
 */
@RealServersTest
@ActiveProfiles("demo")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "govshare.demo.residents=2000",
            TestSupport.TEST_GRANTS,
            "govshare.jobs.batch-size=2",
            "govshare.jobs.poll-interval=1h"
        })
class JobStartIT {
    @Value("${local.server.port}")
    int port;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    @Test
    void aJobSubmittedHereStartsAtOnceWithoutWaitingForTheNextRound() {
        JobClient client = new JobClient(
                port, TestTokens.withScopes(issuerKeys, "batch-test", List.of("govshare.query")), "BATCH_CHECK");
        String body = String.join("\n", R1_ID, R2_ID, R3_ID, R0_ID) + "\n";

        String id = client.submitted("Resident", "{\"regionCode\": \"441900\"}", "text/csv", "idNumber\n" + body);
        JsonNode finished = client.awaitFinished(id);

        assertThat(finished.get("state").asString()).as("%s", finished).isEqualTo("DONE");
        assertThat(finished.get("done").asInt()).isEqualTo(4);
    }
}
