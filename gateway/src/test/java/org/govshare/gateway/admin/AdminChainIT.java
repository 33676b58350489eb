package org.govshare.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.govshare.gateway.access.Caller;
import org.govshare.gateway.access.DocumentLimits;
import org.govshare.gateway.access.ExecutionDeadline;
import org.govshare.gateway.access.Role;
import org.govshare.gateway.access.Roles;
import org.govshare.gateway.error.ErrorCodeResolver;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.ExecutionGraphQlResponse;
import org.springframework.graphql.execution.DefaultExecutionGraphQlService;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.support.DefaultExecutionGraphQlRequest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /admin/graphql} behind the data API's chain, through HTTP with the demo issuer's tokens: the same document
 * limits, GraphQL-over-HTTP statuses and media types, errors with the contract's codes; authorization declared per
 * field in the admin schema and checked before anything runs, a field without a declaration closed.
 */
@ActiveProfiles("demo")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "govshare.demo.residents=2000")
class AdminChainIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GRAPHQL_RESPONSE = "application/graphql-response+json";

    @Value("${local.server.port}")
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    ErrorCodeResolver errors;

    @Autowired
    DocumentLimits limits;

    @Autowired
    ExecutionDeadline deadline;

    private HttpResponse<String> admin(String client, String document, String accept) {
        return new AdminApi(port)
                .postWithToken(
                        TestTokens.fromIssuer(port, client),
                        JSON.writeValueAsString(Map.of("query", document)),
                        Map.of("Accept", accept));
    }

    @Test
    void acceptsGraphQlResponseJson() {
        HttpResponse<String> response = admin("authority-admin", "{ me { subject authority } }", GRAPHQL_RESPONSE);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(GRAPHQL_RESPONSE);
        assertThat(JSON.readTree(response.body()).at("/data/me/subject").asString())
                .isEqualTo("authority-admin");
    }

    @Test
    void refusesSixtyAliasesWithTheDataApisLimit() {
        String admin = IntStream.range(0, 60)
                .mapToObj(i -> "a" + i + ": me { subject }")
                .collect(Collectors.joining(" ", "{ ", " }"));
        String data = IntStream.range(0, 60)
                .mapToObj(i -> "a" + i + ": __typename")
                .collect(Collectors.joining(" ", "{ ", " }"));

        HttpResponse<String> refused = admin("authority-admin", admin, GRAPHQL_RESPONSE);
        HttpResponse<String> dataRefused = new GraphQlHttpClient(
                        port, Map.of("Authorization", "Bearer " + TestTokens.fromIssuer(port, "authority-admin")))
                .send(JSON.writeValueAsString(Map.of("query", data)));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.has("data")).isFalse();
        assertThat(body.at("/errors/0/extensions/code").asString()).isEqualTo("QUERY_TOO_COMPLEX");
        assertThat(dataRefused.statusCode()).isEqualTo(400);
        assertThat(body.at("/errors/0/message").asString())
                .isEqualTo(JSON.readTree(dataRefused.body())
                        .at("/errors/0/message")
                        .asString());
    }

    @Test
    void refusesAFieldTheCallersRoleMayNotUseBeforeAnythingRuns() {
        HttpResponse<String> strict = admin("hrss-steward", "{ me { subject } g: grants { id } }", GRAPHQL_RESPONSE);
        HttpResponse<String> plain = admin("hrss-steward", "{ me { subject } g: grants { id } }", "application/json");
        HttpResponse<String> allowed = admin("authority-admin", "{ g: grants { id } }", "application/json");

        assertThat(strict.statusCode()).as(strict.body()).isEqualTo(400);
        JsonNode refused = JSON.readTree(strict.body());
        assertThat(refused.has("data")).isFalse();
        assertThat(refused.get("errors")).hasSize(1);
        assertThat(refused.at("/errors/0/extensions/code").asString()).isEqualTo("FORBIDDEN_FIELD");
        assertThat(refused.at("/errors/0/path/0").asString()).isEqualTo("g");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(plain.body()).at("/errors/0/extensions/code").asString())
                .isEqualTo("FORBIDDEN_FIELD");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(allowed.body()).at("/data/g").isArray()).isTrue();
    }

    @Test
    void shapesErrorsAsTheDataApiDoes() {
        HttpResponse<String> syntax = admin("authority-admin", "{ me { subject ", GRAPHQL_RESPONSE);
        HttpResponse<String> unknown = admin("authority-admin", "{ me { subject password } }", GRAPHQL_RESPONSE);
        HttpResponse<String> unknownRoot = admin("authority-admin", "{ residents { name } }", GRAPHQL_RESPONSE);
        HttpResponse<String> get = new GraphQlHttpClient(port)
                .send(HttpRequest.newBuilder(
                                new GraphQlHttpClient(port).endpoint().resolve("/admin/graphql"))
                        .header("Authorization", "Bearer " + TestTokens.fromIssuer(port, "authority-admin"))
                        .GET()
                        .build());

        assertThat(syntax.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(syntax.body()).at("/errors/0/extensions/code").asString())
                .isEqualTo("INVALID_ARGUMENT");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).at("/errors/0/extensions/code").asString())
                .isEqualTo("FORBIDDEN_FIELD");
        assertThat(unknown.body()).doesNotContain("Did you mean");
        assertThat(JSON.readTree(unknownRoot.body())
                        .at("/errors/0/extensions/code")
                        .asString())
                .isEqualTo("FORBIDDEN_FIELD");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow").orElse("")).isEqualTo("POST");
    }

    @Test
    void declaresEveryRootFieldOfTheAdminSchema() {
        GraphQlSource source = AdminGraphQlConfiguration.source(context, errors, limits, deadline);
        List<String> undeclared = new ArrayList<>();
        source.schema().getQueryType().getFieldDefinitions().forEach(field -> {
            if (AdminAuthorization.rolesOf(source.schema(), "Query." + field.getName())
                    .isEmpty()) {
                undeclared.add(field.getName());
            }
        });
        source.schema().getMutationType().getFieldDefinitions().forEach(field -> {
            if (AdminAuthorization.rolesOf(source.schema(), "Mutation." + field.getName())
                    .isEmpty()) {
                undeclared.add(field.getName());
            }
        });

        assertThat(undeclared).isEmpty();
        assertThat(AdminAuthorization.rolesOf(source.schema(), "Mutation.changeGrant"))
                .containsExactly(Role.AUTHORITY);
        assertThat(AdminAuthorization.rolesOf(source.schema(), "Query.accessLog"))
                .containsExactlyInAnyOrder(Role.AUTHORITY, Role.STEWARD);
    }

    @Test
    void refusesAFieldAddedWithoutADeclarationToEveryone() {
        GraphQlSource extended = AdminGraphQlConfiguration.source(
                context,
                errors,
                limits,
                deadline,
                new ClassPathResource("admin/admin.graphqls"),
                new ClassPathResource("workflow/types.graphqls"),
                new ClassPathResource("admin/undeclared.graphqls"));
        Caller authority = new Caller("authority-admin", new Roles(true, Set.of("hrss")), null, null, null, null);

        ExecutionGraphQlResponse declared = execute(extended, authority, "{ declaredProbe }");
        ExecutionGraphQlResponse undeclared = execute(extended, authority, "{ undeclaredProbe }");
        ExecutionGraphQlResponse hidden =
                execute(extended, authority, "{ ...F } fragment F on Query { undeclaredProbe }");

        assertThat(declared.getErrors()).isEmpty();
        assertThat(declared.isValid()).isTrue();
        assertThat(undeclared.isValid()).isFalse();
        assertThat(undeclared.getErrors()).singleElement().satisfies(error -> assertThat(error.getExtensions())
                .containsEntry("code", "FORBIDDEN_FIELD"));
        assertThat(hidden.isValid()).isFalse();
        assertThat(hidden.getErrors().get(0).getExtensions()).containsEntry("code", "FORBIDDEN_FIELD");
    }

    private static ExecutionGraphQlResponse execute(GraphQlSource source, Caller caller, String document) {
        DefaultExecutionGraphQlRequest request = new DefaultExecutionGraphQlRequest(
                document, null, null, null, UUID.randomUUID().toString(), null);
        request.configureExecutionInput((input, builder) ->
                builder.graphQLContext(Map.of(Caller.class, caller)).build());
        return new DefaultExecutionGraphQlService(source).execute(request).block();
    }
}
