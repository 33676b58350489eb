package org.govshare.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Hostile input through HTTP: oversized bodies, headers, variables and nesting; attacks on the token (kid injection,
 * oversized and deeply nested tokens); SQL-looking values and LIKE wildcards. Each is refused with a client error or
 * the contract's code, quickly, never with a server error, a stack trace or data.
 */
@ActiveProfiles("demo")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "govshare.demo.residents=2000")
class HostileInputIT {
    @Value("${local.server.port}")
    int port;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> post(String token, String body) throws Exception {
        return post(token, body, false);
    }

    private HttpResponse<String> post(String token, String body, boolean expectContinue) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                        .expectContinue(expectContinue)
                        .timeout(Duration.ofSeconds(20))
                        .header("Authorization", "Bearer " + token)
                        .header("X-Purpose", "PENSION_EXTENSION")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefusedCleanly(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 499);
        assertThat(response.body())
                .doesNotContain("Exception")
                .doesNotContain("at org.")
                .doesNotContain("张秀英");
    }

    @Test
    void oversizedBodiesHeadersAndNestingAreRefused() throws Exception {
        String token = TestTokens.fromIssuer(port, "dongguan-window");
        String huge = "{\"query\":\"{ __typename }\",\"variables\":{\"x\":\"" + "a".repeat(400_000) + "\"}}";
        String nested = "{\"query\":\"query($x: String) { __typename }\",\"variables\":{\"x\":" + "[".repeat(5_000)
                + "]".repeat(5_000) + "}}";
        String manyVariables = "{\"query\":\"{ __typename }\",\"variables\":{"
                + String.join(
                        ",",
                        java.util.stream.IntStream.range(0, 20_000)
                                .mapToObj(i -> "\"v" + i + "\":" + i)
                                .toList())
                + "}}";

        // The 413 is decided on the declared length and closes the connection without reading the body: a client
        // still sending it may see the connection reset before it reads the answer. Waiting for "100 Continue", as a
        // client sending a large body should, it gets the answer instead of sending the body.
        HttpResponse<String> bigBody = post(token, huge, true);
        HttpResponse<String> deep = post(token, nested);
        HttpResponse<String> many = post(token, manyVariables);
        HttpResponse<String> bigHeader = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                        .header("Authorization", "Bearer " + token)
                        .header("X-Case-Id", "c".repeat(40_000))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(bigBody.statusCode()).isEqualTo(413);
        assertThat(bigBody.body()).contains("QUERY_TOO_COMPLEX");
        for (HttpResponse<String> response : List.of(bigBody, deep, many, bigHeader)) {
            assertRefusedCleanly(response);
        }
        assertThat(bigHeader.statusCode()).isBetween(400, 499);
    }

    @Test
    void tokenAttacksAreUnauthenticated() throws Exception {
        RSAKey issuer = (RSAKey) issuerKeys
                .get(new JWKSelector(new JWKMatcher.Builder().build()), null)
                .get(0);
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(TestTokens.ISSUER)
                .subject("dongguan-window")
                .audience(TestTokens.AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .claim("scope", "govshare.query")
                .build();
        List<String> tokens = List.of(
                signed(issuer, "../../../../etc/passwd", claims),
                signed(issuer, "' OR '1'='1", claims),
                signed(issuer, "x".repeat(10_000), claims),
                signedPayload(
                        issuer,
                        claims.toString().replaceFirst("\\}$", ",\"deep\":") + "{\"n\":".repeat(5_000) + "0"
                                + "}".repeat(5_000) + "}"),
                "eyJhbGciOiJub25lIn0." + "A".repeat(7_000) + ".");

        for (String token : tokens) {
            HttpResponse<String> response =
                    post(token, "{\"query\":\"{ resident(idNumber: \\\"" + R1_ID + "\\\") { name } }\"}");
            assertThat(response.statusCode()).as("token %.40s", token).isIn(400, 401);
            assertRefusedCleanly(response);
        }
    }

    @Test
    void sqlLookingValuesAndWildcardsAreJustValues() throws Exception {
        GraphQlHttpClient office =
                GraphQlHttpClient.of(port, TestTokens.fromIssuer(port, "street-office-441900"), "GRASSROOTS_RETURN");

        JsonNode wildcardRegion = office.post("{ residents(regionCode: \"4419%\") { edges { node { name } } } }");
        JsonNode injectedRegion =
                office.post("{ residents(regionCode: \"441900' OR '1'='1\") { edges { node { name } } } }");
        JsonNode injectedId = office.post("{ resident(idNumber: \"1' OR 1=1 --\") { name } }");
        JsonNode nullByte = office.post(
                "query($r: String!) { residents(regionCode: $r) { edges { node { name } } } }",
                Map.of("r", "441900\u0000"));

        assertThat(wildcardRegion.at("/data/residents/edges").size()).isZero();
        assertThat(injectedRegion.at("/data/residents/edges").size()).isZero();
        assertThat(injectedId.at("/errors/0/extensions/code").asString()).isEqualTo("INVALID_ARGUMENT");
        assertThat(nullByte.toString()).doesNotContain("Exception");
        for (JsonNode response : List.of(wildcardRegion, injectedRegion, injectedId, nullByte)) {
            assertThat(response.toString()).doesNotContain("INTERNAL");
        }
    }

    @Test
    void malformedBodiesAndEncodingsGetClientErrors() throws Exception {
        String token = TestTokens.fromIssuer(port, "dongguan-window");
        List<String> bodies = List.of(
                "",
                "null",
                "[]",
                "{\"query\": 42}",
                "{\"query\": \"{ __typename }\", \"variables\": \"not an object\"}",
                "{\"query\": \"{ resident(idNumber: 1.5e400) { name } }\"}",
                new String(new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'}, StandardCharsets.ISO_8859_1));

        for (String body : bodies) {
            HttpResponse<String> response = post(token, body);
            assertThat(response.statusCode()).as("body %s", body).isBetween(200, 499);
            assertRefusedCleanly(response);
        }
    }

    private static String signed(RSAKey key, String keyId, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** A correctly signed token whose payload is whatever JSON the attacker chose (here: nested 5,000 deep). */
    private static String signedPayload(RSAKey key, String json) throws Exception {
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), new Payload(json));
        jws.sign(new RSASSASigner(key));
        return jws.serialize();
    }
}
