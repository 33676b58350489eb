package org.govshare.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import java.util.Map;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/** The admin API's {@code me}: who the caller is, as its token says, so a client offers only what the caller may do. */
@ActiveProfiles("demo")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "govshare.demo.residents=2000")
class AdminIdentityIT {
    private static final String ME = "{ me { subject authority stewardOf } }";

    @Value("${local.server.port}")
    int port;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    @Test
    void meNamesTheAuthorityAndTheSourcesAStewardKeeps() {
        AdminApi admin = new AdminApi(port);
        String twoSources =
                TestTokens.withScopes(issuerKeys, "records-steward", List.of("steward:police", "steward:market"));

        JsonNode authority = admin.query("authority-admin", ME, Map.of()).get("me");
        JsonNode steward = admin.query("hrss-steward", ME, Map.of()).get("me");
        JsonNode both = admin.queryWithToken(twoSources, ME, Map.of()).at("/data/me");

        assertThat(authority.toString())
                .isEqualTo("{\"subject\":\"authority-admin\",\"authority\":true,\"stewardOf\":[]}");
        assertThat(steward.toString())
                .isEqualTo("{\"subject\":\"hrss-steward\",\"authority\":false,\"stewardOf\":[\"hrss\"]}");
        assertThat(both.get("stewardOf").toString()).isEqualTo("[\"market\",\"police\"]");
        assertThat(both.get("authority").asBoolean()).isFalse();
    }
}
