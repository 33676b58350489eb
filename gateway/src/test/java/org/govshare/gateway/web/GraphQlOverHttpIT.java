package org.govshare.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.TestSupport;
import org.govshare.gateway.testing.TestTokens;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /graphql} as GraphQL-over-HTTP clients expect it, over real HTTP against the demo: a request that is not a
 * GraphQL request gets a GraphQL-shaped 4xx (never an empty page), statuses follow the specification and say
 * "retry later" where a quota refused, persisted queries behave as Apollo's link expects, and a caller downloads
 * exactly its own schema.
 */
@ActiveProfiles("demo")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"govshare.demo.residents=2000", TestSupport.TEST_GRANTS})
@ExtendWith(OutputCaptureExtension.class)
class GraphQlOverHttpIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GRAPHQL_RESPONSE = "application/graphql-response+json";

    @Value("${local.server.port}")
    int port;

    @Autowired
    DispatchCounter dispatches;

    /**
     * Counts the dispatches of {@code /graphql} that reach the servlet (placed after every other filter): how often
     * the {@code DispatcherServlet} runs per request. A body that arrives after its headers is read asynchronously by
     * {@code RequestBodyReader}, whose first dispatch ends before the servlet: such a request still counts once.
     */
    static final class DispatchCounter extends org.springframework.web.filter.OncePerRequestFilter {
        final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger asynchronous = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        protected boolean shouldNotFilterAsyncDispatch() {
            return false;
        }

        @Override
        protected void doFilterInternal(
                jakarta.servlet.http.HttpServletRequest request,
                jakarta.servlet.http.HttpServletResponse response,
                jakarta.servlet.FilterChain chain)
                throws jakarta.servlet.ServletException, java.io.IOException {
            if ("/graphql".equals(request.getRequestURI())) {
                (isAsyncDispatch(request) ? asynchronous : requests).incrementAndGet();
            }
            chain.doFilter(request, response);
        }
    }

    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    static class Dispatches {
        @org.springframework.context.annotation.Bean
        DispatchCounter dispatchCounter() {
            return new DispatchCounter();
        }

        @org.springframework.context.annotation.Bean
        org.springframework.boot.web.servlet.FilterRegistrationBean<DispatchCounter> dispatchCounterRegistration(
                DispatchCounter counter) {
            var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(counter);
            registration.setDispatcherTypes(
                    jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ASYNC);
            registration.setAsyncSupported(true);
            registration.setOrder(org.springframework.core.Ordered.LOWEST_PRECEDENCE);
            return registration;
        }
    }

    @Autowired
    org.govshare.gateway.read.DocumentCache documents;

    @Test
    void literalValuesInTheTextAnswerAsVariablesDoAndShareOneCachedDocument() {
        String token = TestTokens.fromIssuer(port, "dongguan-window");
        GraphQlHttpClient client = GraphQlHttpClient.of(port, token, "PENSION_EXTENSION");
        String literal = "{ resident(idNumber: \"%s\") { name birthDate } }";
        String variables = "query($id: ID!) { resident(idNumber: $id) { name birthDate } }";
        client.post(literal.formatted(org.govshare.gateway.demo.FixedRecords.R0_ID));
        client.post(variables, Map.of("id", org.govshare.gateway.demo.FixedRecords.R0_ID));
        long cached = documents.weightedSize();
        for (String id : List.of(
                org.govshare.gateway.demo.FixedRecords.R0_ID,
                org.govshare.gateway.demo.FixedRecords.R1_ID,
                org.govshare.gateway.demo.FixedRecords.R2_ID,
                org.govshare.gateway.demo.FixedRecords.R3_ID)) {
            JsonNode withLiteral = client.post(literal.formatted(id));
            assertThat(withLiteral.has("errors")).as(withLiteral.toString()).isFalse();
            assertThat(withLiteral).isEqualTo(client.post(variables, Map.of("id", id)));
        }
        // R0 and R2 live outside the window's region (null), R1 and R3 within it.
        assertThat(client.post(literal.formatted(org.govshare.gateway.demo.FixedRecords.R1_ID))
                        .at("/data/resident/name")
                        .asString())
                .isEqualTo("张秀英");
        // Three more ID numbers written into the text, and no more documents cached: they all ran the one template.
        assertThat(documents.weightedSize()).isEqualTo(cached);
        // A literal that does not fit its position is refused by validation, as before.
        JsonNode refused = client.post("{ resident(idNumber: 5) { name } }");
        assertThat(refused.has("errors")).isTrue();
    }

    @Test
    void anAnswerIsWrittenOnTheRequestsOwnDispatchAfterItsAuditRecord() {
        String token = TestTokens.fromIssuer(port, "bank-kyc");
        GraphQlHttpClient client = GraphQlHttpClient.of(port, token, null);
        // The first requests of a cold JVM on a busy machine may take longer than the synchronous wait.
        for (int i = 0; i < 20; i++) {
            client.post("{ __typename }");
        }
        int before = dispatches.requests.get() + dispatches.asynchronous.get();
        int slow = 0;
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            assertThat(client.post("{ __typename }").at("/data/__typename").asString())
                    .isEqualTo("Query");
            if (System.nanoTime() - started >= GraphQlHttpEndpoint.SYNCHRONOUS_WAIT.toNanos()) {
                slow++;
            }
        }
        // The DispatcherServlet ran once per request (answering after the audit commit on an asynchronous dispatch ran
        // it twice). Only an answer slower than the synchronous wait (a machine that stalls) may take a second one.
        int dispatched = dispatches.requests.get() + dispatches.asynchronous.get() - before;
        assertThat(dispatched).isBetween(5, 5 + slow);
    }

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    @Test
    void aRequestThatIsNotAGraphQlRequestIsABadRequestWithAGraphQlError() {
        String token = TestTokens.fromIssuer(port, "bank-kyc");
        GraphQlHttpClient client = GraphQlHttpClient.of(port, token, null);
        List<String> bodies = List.of(
                "{\"query\": \"{ __typename }\"",
                "",
                "[{\"query\": \"{ __typename }\"}]",
                "\"{ __typename }\"",
                "{}",
                "{\"qeury\": \"{ __typename }\"}",
                "{\"query\": 1}",
                "{\"query\": true}",
                "{\"query\": {\"text\": \"{ __typename }\"}}",
                "{\"query\": \"{ __typename }\", \"variables\": \"{}\"}",
                "{\"query\": \"{ __typename }\", \"variables\": []}",
                "{\"query\": \"{ __typename }\", \"operationName\": 7}",
                "{\"query\": \"{ __typename }\", \"extensions\": 1}",
                "{\"query\": \"{ __typename }\", \"extensions\": {\"persistedQuery\": {\"version\": 2}}}");

        for (String body : bodies) {
            for (String accept : List.of(GRAPHQL_RESPONSE, "application/json")) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(client.endpoint())
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Accept", accept)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
                JsonNode json = JSON.readTree(response.body());

                assertThat(response.statusCode()).as("%s (%s)", body, accept).isEqualTo(400);
                assertThat(response.headers().firstValue("Content-Type").orElse(""))
                        .startsWith(accept);
                assertThat(json.at("/errors/0/extensions/code").asString())
                        .as(body)
                        .isEqualTo("INVALID_ARGUMENT");
                assertThat(json.at("/errors/0/message").asString()).as(body).isNotBlank();
                assertThat(json.has("data")).isFalse();
            }
        }
    }

    @Test
    void unknownPathsWrongMethodsAndMediaTypesGetGraphQlErrorsWithTheirStatus() {
        String token = TestTokens.fromIssuer(port, "bank-kyc");
        HttpResponse<String> favicon = get("/favicon.ico", null);
        HttpResponse<String> actuator = get("/actuator", null);
        HttpResponse<String> getGraphQl = get("/graphql", token);
        HttpResponse<String> unknownUnderGraphQl = get("/graphql/nothing-here", token);
        HttpResponse<String> textBody = post("/graphql", token, "text/plain", "*/*", "{ __typename }");
        HttpResponse<String> nothingAcceptable =
                post("/graphql", token, "application/json", "text/html", "{\"query\": \"{ __typename }\"}");
        HttpResponse<String> adminWithoutScope =
                post("/admin/graphql", token, "application/json", "*/*", "{\"query\": \"{ me { subject } }\"}");
        HttpResponse<String> adminUnreadable = post(
                "/admin/graphql",
                TestTokens.fromIssuer(port, "authority-admin"),
                "application/json",
                "*/*",
                "{\"query\": ");

        assertError(favicon, 404, "INVALID_ARGUMENT");
        assertError(actuator, 404, "INVALID_ARGUMENT");
        assertError(getGraphQl, 405, "INVALID_ARGUMENT");
        assertThat(getGraphQl.headers().firstValue("Allow")).hasValue("POST");
        assertError(unknownUnderGraphQl, 404, "INVALID_ARGUMENT");
        assertError(textBody, 415, "INVALID_ARGUMENT");
        assertError(nothingAcceptable, 406, "INVALID_ARGUMENT");
        assertError(adminWithoutScope, 403, "FORBIDDEN_FIELD");
        assertThat(adminWithoutScope.headers().firstValue("WWW-Authenticate").orElse(""))
                .startsWith("Bearer");
        assertError(adminUnreadable, 400, "INVALID_ARGUMENT");
    }

    @Test
    void aRefusalBeforeExecutionIs400ForGraphQlResponsesAnd200ForPlainJson() {
        String token = TestTokens.fromIssuer(port, "dongguan-window");
        String forbidden = "{\"query\": \"{ resident(idNumber: \\\"" + R1_ID + "\\\") { name address } }\"}";

        HttpResponse<String> modern = post(token, "PENSION_EXTENSION", GRAPHQL_RESPONSE, forbidden);
        HttpResponse<String> legacy = post(token, "PENSION_EXTENSION", "application/json", forbidden);

        assertError(modern, 400, "FORBIDDEN_FIELD");
        assertError(legacy, 200, "FORBIDDEN_FIELD");
    }

    @Test
    void aWholeOperationRefusedByAQuotaIs429WithRetryAfter() {
        String token = TestTokens.signed(issuerKeys, "quota-test");
        String lookup = "{\"query\": \"{ resident(idNumber: \\\"" + R1_ID + "\\\") { name } }\"}";
        HttpResponse<String> refused = null;
        // QUOTA_RATE allows 5 requests a second: a burst of 30 outruns the refill even on a slow machine.
        for (int i = 0; i < 30 && refused == null; i++) {
            HttpResponse<String> response = post(token, "QUOTA_RATE", GRAPHQL_RESPONSE, lookup);
            if (response.statusCode() != 200) {
                refused = response;
            }
        }

        assertThat(refused).as("a refusal within 30 requests").isNotNull();
        assertError(refused, 429, "QUOTA_EXCEEDED");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(refused.body())
                        .at("/errors/0/extensions/retryAfter")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void persistedQueriesAreAnsweredAsApolloClientsExpect() throws Exception {
        String kyc = TestTokens.fromIssuer(port, "bank-kyc");
        String window = TestTokens.fromIssuer(port, "dongguan-window");
        String document =
                "{ verifyResident(idNumber: \\\"" + R1_ID + "\\\", claims: {name: \\\"张秀英\\\"}) { outcome } }";
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(document.replace("\\\"", "\"").getBytes(StandardCharsets.UTF_8)));
        String hashOnly = "{\"extensions\": {\"persistedQuery\": {\"version\": 1, \"sha256Hash\": \"" + hash + "\"}}}";
        String withDocument = "{\"query\": \"" + document + "\", \"extensions\": {\"persistedQuery\": "
                + "{\"version\": 1, \"sha256Hash\": \"" + hash + "\"}}}";
        String wrongHash = withDocument.replace(hash, "0".repeat(64));

        HttpResponse<String> unknown = post(kyc, "ACCOUNT_OPENING_KYC", GRAPHQL_RESPONSE, hashOnly);
        HttpResponse<String> registered = post(kyc, "ACCOUNT_OPENING_KYC", GRAPHQL_RESPONSE, withDocument);
        HttpResponse<String> known = post(kyc, "ACCOUNT_OPENING_KYC", GRAPHQL_RESPONSE, hashOnly);
        HttpResponse<String> anotherConsumer = post(window, "PENSION_EXTENSION", GRAPHQL_RESPONSE, hashOnly);
        HttpResponse<String> mismatched = post(kyc, "ACCOUNT_OPENING_KYC", GRAPHQL_RESPONSE, wrongHash);

        assertError(unknown, 400, "INVALID_ARGUMENT");
        assertThat(JSON.readTree(unknown.body()).at("/errors/0/message").asString())
                .isEqualTo("PersistedQueryNotFound");
        assertThat(JSON.readTree(registered.body())
                        .at("/data/verifyResident/outcome")
                        .asString())
                .isEqualTo("MATCH");
        assertThat(JSON.readTree(known.body())
                        .at("/data/verifyResident/outcome")
                        .asString())
                .isEqualTo("MATCH");
        assertThat(JSON.readTree(anotherConsumer.body()).at("/errors/0/message").asString())
                .as("a hash tells one consumer nothing about another's documents")
                .isEqualTo("PersistedQueryNotFound");
        assertError(mismatched, 400, "INVALID_ARGUMENT");
    }

    @Test
    void eachCallerDownloadsExactlyTheSchemaIntrospectionShowsIt() {
        for (String[] caller : List.of(
                new String[] {"bank-kyc", "ACCOUNT_OPENING_KYC"},
                new String[] {"dongguan-window", "PENSION_EXTENSION"},
                new String[] {"street-office-441900", "GRASSROOTS_RETURN"},
                new String[] {"no-grant-app", null})) {
            String token = TestTokens.fromIssuer(port, caller[0]);
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(uri("/graphql/schema")).header("Authorization", "Bearer " + token);
            if (caller[1] != null) {
                request.header("X-Purpose", caller[1]);
            }
            HttpResponse<String> schema = send(request.GET().build());
            JsonNode introspected = GraphQlHttpClient.of(port, token, caller[1])
                    .post("{ __schema { types { name fields { name args { name } } inputFields { name } } } }");

            assertThat(schema.statusCode()).as(caller[0]).isEqualTo(200);
            assertThat(schema.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(schema.body()).doesNotContain("@source", "@column", "@classification", "@share");
            assertThat(members(schema.body())).as(caller[0]).isEqualTo(members(introspected));
        }
        String kycSchema = send(HttpRequest.newBuilder(uri("/graphql/schema"))
                        .header("Authorization", "Bearer " + TestTokens.fromIssuer(port, "bank-kyc"))
                        .header("X-Purpose", "ACCOUNT_OPENING_KYC")
                        .GET()
                        .build())
                .body();
        assertThat(members(kycSchema))
                .contains("Query.verifyResident(claims,idNumber)", "ResidentClaims.name", "ResidentClaims.birthDate")
                .noneMatch(member -> member.startsWith("Query.resident("))
                .noneMatch(member -> member.startsWith("Resident."));
    }

    @Test
    void theSchemaOfAMalformedPurposeIsRefusedLikeAnyRequest() {
        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/graphql/schema"))
                .header("Authorization", "Bearer " + TestTokens.fromIssuer(port, "bank-kyc"))
                .header("X-Purpose", "not a purpose")
                .header("Accept", GRAPHQL_RESPONSE)
                .GET()
                .build());
        HttpResponse<String> anonymous = get("/graphql/schema", null);

        assertError(refused, 400, "INVALID_ARGUMENT");
        assertError(anonymous, 401, "UNAUTHENTICATED");
    }

    @Test
    void aMalformedRequestIsOneDebugLineAndLogLinesCarryNoEmptyTraceBrackets(CapturedOutput output) {
        Logger endpoint = (Logger) LoggerFactory.getLogger(GraphQlHttpEndpoint.class);
        Level before = endpoint.getLevel();
        endpoint.setLevel(Level.DEBUG);
        int start = output.getOut().length();
        try {
            GraphQlHttpClient.of(port, TestTokens.fromIssuer(port, "bank-kyc"), null)
                    .send("{\"query\": \"{ __typename }\", \"variables\": 12}");
            LoggerFactory.getLogger(GraphQlOverHttpIT.class).info("a line outside any request");
        } finally {
            endpoint.setLevel(before);
        }
        List<String> lines = output.getOut().substring(start).lines().toList();

        List<String> malformed = lines.stream()
                .filter(line -> line.contains("malformed GraphQL request"))
                .toList();
        assertThat(malformed).hasSize(1);
        assertThat(malformed.get(0)).contains("DEBUG").containsPattern("\\[[0-9a-f]{32}-[0-9a-f]{16}\\]");
        assertThat(lines).noneMatch(line -> line.contains(" WARN ") || line.contains("\tat "));
        assertThat(lines.stream().filter(line -> line.contains("a line outside any request")))
                .singleElement()
                .satisfies(line -> assertThat(line).doesNotContainPattern("\\[\\s*\\]|\\[-\\]"));
    }

    /** Object and input fields (with argument names) of the schema's own types, from SDL. */
    private static Set<String> members(String sdl) {
        TypeDefinitionRegistry registry = new SchemaParser().parse(sdl);
        Set<String> members = new TreeSet<>();
        registry.getTypes(ObjectTypeDefinition.class).forEach(type -> {
            for (FieldDefinition field : type.getFieldDefinitions()) {
                members.add(type.getName() + "." + field.getName()
                        + arguments(field.getInputValueDefinitions().stream()
                                .map(InputValueDefinition::getName)
                                .toList()));
            }
        });
        registry.getTypes(InputObjectTypeDefinition.class).forEach(type -> type.getInputValueDefinitions()
                .forEach(field -> members.add(type.getName() + "." + field.getName())));
        return members;
    }

    /** The same, from an introspection result. */
    private static Set<String> members(JsonNode introspection) {
        Set<String> members = new TreeSet<>();
        for (JsonNode type : introspection.at("/data/__schema/types")) {
            String name = type.get("name").asString();
            if (name.startsWith("__")) {
                continue;
            }
            for (JsonNode field : type.path("fields")) {
                List<String> arguments = new ArrayList<>();
                field.path("args")
                        .forEach(argument -> arguments.add(argument.get("name").asString()));
                members.add(name + "." + field.get("name").asString() + arguments(arguments));
            }
            for (JsonNode field : type.path("inputFields")) {
                members.add(name + "." + field.get("name").asString());
            }
        }
        return members;
    }

    private static String arguments(List<String> names) {
        return names.isEmpty() ? "" : "(" + String.join(",", new TreeSet<>(names)) + ")";
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.at("/errors/0/extensions/code").asString())
                .as(response.body())
                .isEqualTo(code);
        assertThat(json.has("data")).as(response.body()).isFalse();
    }

    private HttpResponse<String> post(String token, String purpose, String accept, String body) {
        return send(HttpRequest.newBuilder(uri("/graphql"))
                .header("Authorization", "Bearer " + token)
                .header("X-Purpose", purpose)
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> post(String path, String token, String contentType, String accept, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> get(String path, @Nullable String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        return new GraphQlHttpClient(port, Map.of()).send(request);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
