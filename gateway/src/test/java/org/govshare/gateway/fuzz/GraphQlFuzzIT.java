package org.govshare.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.govshare.gateway.GovshareApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coverage-guided fuzzing (Jazzer) of what a caller controls: the document, its variables, the purpose and key
 * arguments, run through the gateway's whole GraphQL pipeline in process (caller, audit, access decision, quotas,
 * execution, error shaping) for an authenticated consumer. No input may raise an exception out of the pipeline, end in
 * an INTERNAL error, or take longer than five seconds. A smoke run is part of {@code ./mvnw verify}; longer runs:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl gateway verify -Dit.test=GraphQlFuzzIT -Djazzer.max_duration=10m}.
 */
class GraphQlFuzzIT {
    private static final List<String> SEEDS = List.of(
            "{ resident(idNumber: \"44190019620315048X\") { name birthDate pension { status } } }",
            "query($id: ID!) { resident(idNumber: $id) { name regionCode } }",
            "{ verifyResident(idNumber: \"44190019620315048X\", claims: {name: \"张秀英\"}) { outcome } }",
            "{ residents(regionCode: \"441900\", first: 5, after: \"x\") { edges { cursor node { name } } } }",
            "{ catalog(search: \"名\") { name fields { coordinate } } }",
            "mutation { reportCorrection(report: {type: \"Resident\", key: \"1\", field: \"name\", description: \"x\"})"
                    + " { id } }");
    private static final List<String> PURPOSES = List.of("PENSION_EXTENSION", "READ_PATH_TEST", "", "bad purpose");

    /** Started once, before the first input: starting it is not part of any input's time. */
    private static final WebGraphQlHandler HANDLER = start();

    private static WebGraphQlHandler start() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GovshareApplication.class)
                .web(WebApplicationType.SERVLET)
                .run(
                        "--server.port=0",
                        "--spring.profiles.active=demo",
                        "--govshare.demo.residents=1000",
                        "--spring.datasource.url=jdbc:h2:mem:fuzz-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "--spring.flyway.locations=classpath:db/migration/policy,classpath:db/migration/audit,"
                                + "classpath:db/demo,classpath:db/test",
                        "--logging.level.root=ERROR");
        return context.getBean(WebGraphQlHandler.class);
    }

    @FuzzTest(maxDuration = "30s")
    void theWholePipelineNeverFailsOnCallerInput(FuzzedDataProvider data) {
        String consumer = data.pickValue(List.of("read-path-suite", "dongguan-window", "bank-kyc", "stranger"));
        String purpose = data.pickValue(PURPOSES);
        String document = data.consumeBoolean()
                ? data.pickValue(SEEDS).replace(data.consumeString(3), data.consumeString(8))
                : data.consumeString(400);
        String idVariable = data.consumeString(24);
        Object variables = data.consumeBoolean() ? Map.of("id", idVariable) : Map.of("id", data.consumeInt());

        Jwt jwt = Jwt.withTokenValue("fuzz")
                .header("alg", "RS256")
                .subject(consumer)
                .claim("scope", "govshare.query")
                .build();
        SecurityContextHolder.getContext()
                .setAuthentication(
                        new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority("SCOPE_govshare.query"))));
        HttpHeaders headers = new HttpHeaders();
        if (!purpose.isEmpty()) {
            headers.set("X-Purpose", purpose);
        }
        WebGraphQlRequest request;
        try {
            request = new WebGraphQlRequest(
                    URI.create("http://127.0.0.1/graphql"),
                    headers,
                    new LinkedMultiValueMap<>(),
                    InetSocketAddress.createUnresolved("127.0.0.1", 0),
                    Map.of(),
                    Map.of("query", document, "variables", variables),
                    UUID.randomUUID().toString(),
                    Locale.ROOT);
        } catch (ServerWebInputException e) {
            // The HTTP layer answers such a body (no query) with 400 before the pipeline sees it.
            return;
        }
        long started = System.nanoTime();
        WebGraphQlResponse response = HANDLER.handleRequest(request).block(Duration.ofSeconds(10));

        assertThat(response).isNotNull();
        String errors = JsonMapper.builder()
                .build()
                .writeValueAsString(response.getExecutionResult().getErrors().stream()
                        .map(error -> error.toSpecification())
                        .toList());
        assertThat(errors)
                .as("document %s", document)
                .doesNotContain("INTERNAL")
                .doesNotContain("Exception");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    }
}
