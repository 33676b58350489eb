package org.govshare.gateway.admin;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.govshare.connector.plan.PlanCache;
import org.govshare.gateway.access.Explainer;
import org.govshare.gateway.access.PolicyService;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.schema.catalog.Catalog;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/graphql}: a GraphQL endpoint of its own schema for the authority and stewards (the security
 * chain admits only {@code gateway.admin} and {@code steward:<source>} scopes). It reads policy and catalog, never
 * source data.
 */
@RestController
public class AdminGraphQlController {
    private final GraphQL graphQl;

    public AdminGraphQlController(GraphQlSource dataSchema, Catalog catalog, PolicyService policies, PlanCache plans)
            throws IOException {
        Explainer explainer = new Explainer(dataSchema.schema(), catalog, policies, plans);
        String sdl;
        try (InputStream in = new ClassPathResource("admin/admin.graphqls").getInputStream()) {
            sdl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .type(
                        "Query",
                        type -> type.dataFetcher(
                                "explain",
                                environment -> explainer.explain(
                                        environment.getArgument("consumer"),
                                        environment.getArgument("purpose"),
                                        environment.getArgument("document"))))
                .build();
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl), wiring);
        this.graphQl = GraphQL.newGraphQL(schema).build();
    }

    /** A GraphQL-over-HTTP request body. */
    public record Request(
            @Nullable String query,
            @Nullable String operationName,
            @Nullable Map<String, Object> variables) {}

    @PostMapping(path = "/admin/graphql", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> execute(@RequestBody Request request) {
        if (request.query() == null || request.query().isBlank()) {
            return Map.of(
                    "errors",
                    List.of(error(ErrorCode.INVALID_ARGUMENT, "query is required")
                            .toSpecification()));
        }
        ExecutionResult result = graphQl.execute(ExecutionInput.newExecutionInput(request.query())
                .operationName(request.operationName())
                .variables(request.variables() == null ? Map.of() : request.variables())
                .build());
        Map<String, Object> body = new LinkedHashMap<>();
        if (!result.getErrors().isEmpty()) {
            List<Map<String, Object>> errors = new ArrayList<>();
            for (GraphQLError error : result.getErrors()) {
                Map<String, Object> shaped = new LinkedHashMap<>(error.toSpecification());
                shaped.put("extensions", ErrorCode.INVALID_ARGUMENT.extensions());
                errors.add(shaped);
            }
            body.put("errors", errors);
        }
        if (result.isDataPresent()) {
            body.put("data", result.getData());
        }
        return body;
    }

    private static GraphQLError error(ErrorCode code, String message) {
        return GraphqlErrorBuilder.newError()
                .message(message)
                .extensions(code.extensions())
                .build();
    }
}
