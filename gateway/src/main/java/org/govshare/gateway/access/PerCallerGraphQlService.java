package org.govshare.gateway.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.instrumentation.Instrumentation;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.transform.FieldVisibilitySchemaTransformation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.read.DocumentCache;
import org.govshare.policy.evaluation.PolicyDecider;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.VerifyField;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.ExecutionGraphQlRequest;
import org.springframework.graphql.ExecutionGraphQlResponse;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.execution.DataFetcherExceptionResolver;
import org.springframework.graphql.execution.DataLoaderRegistrar;
import org.springframework.graphql.execution.DefaultExecutionGraphQlService;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * Runs each request against the schema of its caller and purpose: only the fields the caller's active grants let it
 * read, and the claims they let it make, exist there, so parsing, validation and introspection all see exactly that (an ungranted field is an unknown
 * field, refused as {@code FORBIDDEN_FIELD} before anything runs). Schemas are cached per consumer, purpose and
 * policy version; each has its own cache of validated documents.
 */
public final class PerCallerGraphQlService implements ExecutionGraphQlService {
    private record SchemaKey(String consumer, @Nullable String purpose, long policyVersion, boolean admin) {}

    private final GraphQLSchema fullSchema;
    private final Catalog catalog;
    private final PolicyService policies;
    private final List<DataFetcherExceptionResolver> resolvers;
    private final List<Instrumentation> instrumentations;
    private final DataLoaderRegistrar loaders;
    private final Cache<SchemaKey, CallerView> views =
            Caffeine.newBuilder().maximumSize(2_000).build();

    public PerCallerGraphQlService(
            GraphQlSource fullSource,
            Catalog catalog,
            PolicyService policies,
            List<DataFetcherExceptionResolver> resolvers,
            List<Instrumentation> instrumentations,
            DataLoaderRegistrar loaders) {
        this.fullSchema = fullSource.schema();
        this.catalog = catalog;
        this.policies = policies;
        this.resolvers = List.copyOf(resolvers);
        this.instrumentations = List.copyOf(instrumentations);
        this.loaders = loaders;
    }

    @Override
    public Mono<ExecutionGraphQlResponse> execute(ExecutionGraphQlRequest request) {
        ExecutionInput input = request.toExecutionInput();
        Caller caller = input.getGraphQLContext().get(Caller.class);
        if (caller == null) {
            return refuse(input, List.of(Refusals.error(ErrorCode.UNAUTHENTICATED, "Authentication required")));
        }
        if (caller.problem() != null) {
            return refuse(input, List.of(Refusals.error(ErrorCode.INVALID_ARGUMENT, caller.problem())));
        }
        PolicySnapshot policy;
        try {
            policy = policies.current();
        } catch (GovshareException e) {
            return refuse(input, List.of(Refusals.error(e.code(), e.getMessage())));
        }
        Instant now = policies.now();
        SchemaKey key = new SchemaKey(caller.consumer(), caller.purpose(), policy.version(), caller.isAdmin());
        CallerView view = views.getIfPresent(key);
        if (view == null || !now.isBefore(view.validUntil())) {
            view = view(caller, policy, now);
            views.put(key, view);
        }
        if (view.refusal() != null) {
            return refuse(input, view.refusal().apply(input.getQuery()));
        }
        ExecutionGraphQlService service = java.util.Objects.requireNonNull(view.service());
        request.configureExecutionInput((configured, builder) -> builder.graphQLContext(context -> {
                    context.put(PolicySnapshot.class, policy);
                    context.put(Instant.class, now);
                })
                .build());
        return service.execute(request);
    }

    /**
     * What a caller (consumer, purpose, policy version) gets: its own execution service, or a refusal made from the
     * request's document. Valid until one of its grants starts or ends.
     */
    private record CallerView(
            @Nullable ExecutionGraphQlService service,
            @Nullable Function<String, List<GraphQLError>> refusal,
            Instant validUntil) {}

    private CallerView view(Caller caller, PolicySnapshot policy, Instant now) {
        Instant validUntil = policy.nextChange(caller.consumer(), caller.purpose(), now);
        Map<FieldCoordinate, Access> visible =
                PolicyDecider.visibleFields(policy, caller.consumer(), caller.purpose(), now);
        if (caller.purpose() != null && visible.isEmpty()) {
            return new CallerView(
                    null,
                    query -> List.of(Refusals.error(ErrorCode.PURPOSE_NOT_GRANTED, "No active grant for this purpose")),
                    validUntil);
        }
        Set<FieldCoordinate> readable = visible.entrySet().stream()
                .filter(entry -> entry.getValue() == Access.READ)
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
        ClaimVisibility claims = ClaimVisibility.of(catalog, visible.keySet());
        boolean fullView = caller.isAdmin() && caller.purpose() == null;
        boolean anyRoot = readable.stream().anyMatch(field -> field.type().equals("Query"))
                || catalog.rootFields().values().stream()
                        .anyMatch(root -> root instanceof VerifyField && claims.hasClaims(root.targetType()));
        if (!fullView && !anyRoot) {
            if (caller.purpose() == null) {
                return new CallerView(
                        null,
                        query -> List.of(Refusals.error(
                                ErrorCode.PURPOSE_REQUIRED,
                                "Data operations need the " + CallerInterceptor.PURPOSE_HEADER + " header")),
                        validUntil);
            }
            // Nothing here may be read (VERIFY-only grants): every root field asked for is forbidden.
            return new CallerView(null, PerCallerGraphQlService::forbiddenRootFields, validUntil);
        }
        return new CallerView(service(fullView ? fullSchema : filtered(readable, claims)), null, validUntil);
    }

    private GraphQLSchema filtered(Set<FieldCoordinate> readable, ClaimVisibility claims) {
        return new FieldVisibilitySchemaTransformation(environment -> {
                    if (environment.getSchemaElement() instanceof GraphQLInputObjectField field
                            && environment.getParentElement() instanceof GraphQLInputObjectType parent
                            && catalog.claimsInputNamed(parent.getName()).isPresent()) {
                        return claims.showsInputField(parent.getName(), field.getName());
                    }
                    if (!(environment.getSchemaElement() instanceof GraphQLFieldDefinition field)
                            || !(environment.getParentElement() instanceof GraphQLObjectType parent)) {
                        return true;
                    }
                    if (parent.getName().equals("Query")
                            && catalog.rootFields().get(field.getName()) instanceof VerifyField verify) {
                        return claims.hasClaims(verify.targetType());
                    }
                    boolean governed = parent.getName().equals("Query")
                            || catalog.type(parent.getName()).isPresent();
                    return !governed || readable.contains(new FieldCoordinate(parent.getName(), field.getName()));
                })
                .apply(fullSchema);
    }

    private ExecutionGraphQlService service(GraphQLSchema schema) {
        DocumentCache documents = new DocumentCache(1_000);
        GraphQlSource source = GraphQlSource.builder(schema)
                .exceptionResolvers(resolvers)
                .instrumentation(instrumentations)
                .configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(documents))
                .build();
        DefaultExecutionGraphQlService service = new DefaultExecutionGraphQlService(source);
        service.addDataLoaderRegistrar(loaders);
        return service;
    }

    private static List<GraphQLError> forbiddenRootFields(String query) {
        Document document;
        try {
            document = Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            return List.of(Refusals.error(ErrorCode.INVALID_ARGUMENT, "Invalid query syntax"));
        }
        List<GraphQLError> errors = new ArrayList<>();
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof OperationDefinition operation) {
                for (Selection<?> selection : operation.getSelectionSet().getSelections()) {
                    if (selection instanceof Field field && !field.getName().equals("__typename")) {
                        errors.add(Refusals.forbiddenField(List.of(field.getResultKey())));
                    }
                }
            }
        }
        return errors.isEmpty()
                ? List.of(Refusals.error(ErrorCode.FORBIDDEN_FIELD, "Nothing here may be read"))
                : errors;
    }

    private static Mono<ExecutionGraphQlResponse> refuse(ExecutionInput input, List<GraphQLError> errors) {
        return Mono.just(new DefaultExecutionGraphQlResponse(
                input, ExecutionResult.newExecutionResult().errors(errors).build()));
    }
}
