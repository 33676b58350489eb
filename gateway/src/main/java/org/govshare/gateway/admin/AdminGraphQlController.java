package org.govshare.gateway.admin;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.scalars.ExtendedScalars;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.govshare.gateway.access.DocumentLimits;
import org.govshare.gateway.access.ExecutionDeadline;
import org.govshare.gateway.access.PolicyChanges;
import org.govshare.gateway.access.PolicyService;
import org.govshare.gateway.audit.AuditTrail;
import org.govshare.gateway.catalog.CatalogReloads;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.ErrorCodeResolver;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.policy.store.JdbcPolicyAdministration;
import org.govshare.policy.workflow.Corrections;
import org.govshare.policy.workflow.ShareRequests;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/graphql}: a GraphQL endpoint of its own schema for the authority and stewards (the security
 * chain admits only {@code gateway.admin} and {@code steward:<source>} scopes). It reads policy, catalog and the audit
 * trail, never source data. Errors carry the contract's codes; anything unexpected is {@code INTERNAL} with a
 * correlation id, its detail in the log only.
 */
@RestController
public class AdminGraphQlController {

    private final GraphQL graphQl;

    public AdminGraphQlController(
            LiveCatalog live,
            CatalogReloads reloads,
            GrantBaseline baseline,
            PolicyService policies,
            AuditTrail trail,
            SubjectDigests digests,
            ShareRequests requests,
            Corrections corrections,
            JdbcPolicyAdministration administration,
            PolicyChanges changes,
            ErrorCodeResolver errors,
            DocumentLimits limits,
            ExecutionDeadline deadline)
            throws IOException {
        AdminQueries queries = new AdminQueries(trail, digests, live::catalog);
        AdminWorkflow workflow =
                new AdminWorkflow(live::catalog, requests, corrections, administration, policies, changes, trail);
        AdminDeployment deployment = new AdminDeployment(live, reloads, baseline);
        String sdl = read("admin/admin.graphqls") + "\n" + read("workflow/types.graphqls");
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .scalar(ExtendedScalars.DateTime)
                .scalar(ExtendedScalars.GraphQLLong)
                .type("Query", type -> type.dataFetcher("me", AdminQueries::me)
                        .dataFetcher("explain", environment -> {
                            AdminCaller caller = AdminQueries.caller(environment);
                            // Explained on the catalog version serving now, by that version's own planner.
                            return live.current()
                                    .explainer()
                                    .explain(
                                            environment.getArgument("consumer"),
                                            environment.getArgument("purpose"),
                                            environment.getArgument("document"),
                                            caller.authority() ? null : caller.stewardOf());
                        })
                        .dataFetcher("accessLog", queries::accessLog)
                        .dataFetcher("usage", queries::usage)
                        .dataFetcher("verifyAuditChain", queries::verifyAuditChain)
                        .dataFetcher("catalog", workflow::catalog)
                        .dataFetcher("shareRequestInbox", workflow::inbox)
                        .dataFetcher("grants", workflow::grants)
                        .dataFetcher("policyVersions", workflow::versions)
                        .dataFetcher("policyDiff", workflow::diff)
                        .dataFetcher("impact", workflow::impact)
                        .dataFetcher("minimisation", workflow::minimisation)
                        .dataFetcher("corrections", workflow::corrections)
                        .dataFetcher("catalogVersions", deployment::catalogVersions)
                        .dataFetcher("exportGrants", deployment::exportGrants))
                .type("Mutation", type -> type.dataFetcher("answerShareRequest", workflow::answer)
                        .dataFetcher("arbitrateShareRequest", workflow::arbitrate)
                        .dataFetcher("changeGrant", workflow::changeGrant)
                        .dataFetcher("rollbackPolicy", workflow::rollback)
                        .dataFetcher("resolveCorrection", workflow::resolveCorrection)
                        .dataFetcher("reloadCatalog", deployment::reloadCatalog)
                        .dataFetcher("importGrants", deployment::importGrants))
                .build();
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl), wiring);
        // The same bounds as the data API: a document's size as executed, and a deadline.
        this.graphQl = GraphQL.newGraphQL(schema)
                .defaultDataFetcherExceptionHandler(new CodedErrors(errors))
                .instrumentation(new ChainedInstrumentation(deadline, limits))
                .build();
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
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
        AdminCaller caller = caller(SecurityContextHolder.getContext().getAuthentication());
        ExecutionResult result = graphQl.execute(ExecutionInput.newExecutionInput(request.query())
                .operationName(request.operationName())
                .variables(request.variables() == null ? Map.of() : request.variables())
                .graphQLContext(Map.of(AdminCaller.class, caller))
                .build());
        Map<String, Object> body = new LinkedHashMap<>();
        if (!result.getErrors().isEmpty()) {
            List<Map<String, Object>> errors = new ArrayList<>();
            for (GraphQLError error : result.getErrors()) {
                Map<String, Object> shaped = new LinkedHashMap<>(error.toSpecification());
                if (error.getExtensions() == null || !error.getExtensions().containsKey("code")) {
                    // Parse and validation errors: the request itself is malformed.
                    shaped.put("extensions", ErrorCode.INVALID_ARGUMENT.extensions());
                }
                errors.add(shaped);
            }
            body.put("errors", errors);
        }
        if (result.isDataPresent()) {
            body.put("data", result.getData());
        }
        return body;
    }

    private static AdminCaller caller(@Nullable Authentication authentication) {
        Set<String> scopes = new HashSet<>();
        if (authentication != null) {
            for (GrantedAuthority authority : authentication.getAuthorities()) {
                String name = authority.getAuthority();
                if (name != null && name.startsWith("SCOPE_")) {
                    scopes.add(name.substring("SCOPE_".length()));
                }
            }
        }
        return AdminCaller.of(authentication == null ? "" : authentication.getName(), scopes);
    }

    private static GraphQLError error(ErrorCode code, String message) {
        return GraphqlErrorBuilder.newError()
                .message(message)
                .extensions(code.extensions())
                .build();
    }

    /** The admin API's errors carry the contract's codes, mapped as the data API maps them. */
    private record CodedErrors(ErrorCodeResolver resolver) implements DataFetcherExceptionHandler {
        @Override
        public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
                DataFetcherExceptionHandlerParameters parameters) {
            return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult()
                    .error(resolver.toError(parameters.getException(), parameters.getDataFetchingEnvironment()))
                    .build());
        }
    }
}
