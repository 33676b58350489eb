package org.govshare.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real tokens for tests: from the demo issuer's {@code POST /oauth2/token} with a client's credentials, or signed
 * with the issuer's own key for a test consumer (so tests can also make expired or wrong-audience tokens).
 */
public final class TestTokens {
    public static final String ISSUER = "http://govshare-demo-issuer";
    public static final String AUDIENCE = "govshare-gateway";

    private TestTokens() {}

    /** A client-credentials token from the running gateway's demo issuer. */
    public static String fromIssuer(int port, String clientId) {
        String basic = Base64.getEncoder()
                .encodeToString((clientId + ":" + clientId + "-secret").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("token response %s", response.body())
                    .isEqualTo(200);
            return JsonMapper.builder()
                    .build()
                    .readTree(response.body())
                    .get("access_token")
                    .asString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A token signed by the demo issuer's key with the given claims. */
    public static String signed(
            JWKSource<SecurityContext> keys, String subject, String audience, Instant issuedAt, Duration lifetime) {
        return signed(keys, subject, audience, issuedAt, lifetime, List.of("govshare.query"));
    }

    /** A token for {@code subject} with these scopes (e.g. {@code steward:police}), signed by the demo issuer's key. */
    public static String withScopes(JWKSource<SecurityContext> keys, String subject, List<String> scopes) {
        return signed(keys, subject, AUDIENCE, Instant.now(), Duration.ofMinutes(10), scopes);
    }

    private static String signed(
            JWKSource<SecurityContext> keys,
            String subject,
            String audience,
            Instant issuedAt,
            Duration lifetime,
            List<String> scopes) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(subject)
                .audience(List.of(audience))
                .issuedAt(issuedAt)
                .notBefore(issuedAt)
                .expiresAt(issuedAt.plus(lifetime))
                .claim("scope", scopes)
                .build();
        return new NimbusJwtEncoder(keys)
                .encode(JwtEncoderParameters.from(
                        JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
                .getTokenValue();
    }

    public static String signed(JWKSource<SecurityContext> keys, String subject) {
        return signed(keys, subject, AUDIENCE, Instant.now(), Duration.ofMinutes(10));
    }
}
