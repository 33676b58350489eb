package org.govshare.gateway.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.read.DocumentCache;
import org.govshare.gateway.read.RelationLoaders;
import org.govshare.gateway.request.RequestPolicy;
import org.govshare.gateway.request.RequestRecord;
import org.govshare.policy.evaluation.PolicyDecider;
import org.govshare.policy.evaluation.Visibility;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.schema.catalog.Catalog;
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
 * read, and the claims they let it make, exist there, so parsing, validation and introspection all see exactly that (an
 * ungranted field is an unknown field, refused as {@code FORBIDDEN_FIELD} before anything runs).
 *
 * <p>What is cached is keyed by what makes it equal: a caller ({@link CallerScope}: consumer, purpose if it holds a
 * grant for it, policy version) resolves to a view; a view's schema and execution service are keyed by the fields it
 * shows, so callers with the same fields share one, and every purpose without a grant shares the one view with no
 * data fields. Parsed documents live in one {@link DocumentCache}, bounded by their weight in bytes, per view.
 */
public final class PerCallerGraphQlService implements ExecutionGraphQlService {
    /** The fields and claims a view shows; equal visibilities make equal schemas. */
    private record ViewKey(Visibility visible, boolean fullView) {}

    /**
     * A view's execution service, built when first used, and the key of its part of the document cache (a plain
     * object per view: views of different catalog versions never share documents).
     */
    private record ViewService(Object documentView, Supplier<ExecutionGraphQlService> service) {}

    private final GraphQLSchema fullSchema;
    private final Catalog catalog;
    private final PolicyService policies;
    private final List<DataFetcherExceptionResolver> resolvers;
    private final List<Instrumentation> instrumentations;
    private final DataLoaderRegistrar loaders;
    private final DocumentCache documents;
    /** Small entries (a few references each); consumers come from the trusted issuer, purposes collapse. */
    private final Cache<CallerScope, CallerView> callers =
            Caffeine.newBuilder().maximumSize(10_000).build();
    /**
     * A view's schema and execution service, built when first used: a schema cut to the caller's fields costs
     * milliseconds and some hundred kilobytes, so there is one per distinct field set.
     */
    private final Cache<ViewKey, ViewService> views =
            Caffeine.newBuilder().maximumSize(500).build();

    public PerCallerGraphQlService(
            GraphQlSource fullSource,
            Catalog catalog,
            PolicyService policies,
            List<DataFetcherExceptionResolver> resolvers,
            List<Instrumentation> instrumentations,
            DataLoaderRegistrar loaders,
            DocumentCache documents) {
        this.fullSchema = fullSource.schema();
        this.catalog = catalog;
        this.policies = policies;
        this.resolvers = List.copyOf(resolvers);
        this.instrumentations = List.copyOf(instrumentations);
        this.loaders = loaders;
        this.documents = documents;
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
        CallerScope scope = CallerScope.of(caller, policy);
        CallerView view = callers.getIfPresent(scope);
        if (view == null || !now.isBefore(view.validUntil())) {
            view = view(caller, policy, now);
            callers.put(scope, view);
        }
        if (view.refusal() != null) {
            // Without access to data the caller still has the workflow fields; a document that asks for data is
            // refused with the reason (no purpose, no grant for it, or nothing readable).
            // Parsed once: a document this view has run before is taken from the document cache.
            Document document = documents.cached(view.service().documentView(), input.getQuery());
            if (document == null) {
                document = parseOrNull(input.getQuery());
            }
            RequestRecord trace = RequestRecord.of(input.getGraphQLContext());
            if (document != null && trace != null) {
                trace.parsed(document);
            }
            if (document != null && asksForData(document)) {
                return refuse(input, view.refusal().apply(document));
            }
        }
        ExecutionGraphQlService service = view.service().service().get();
        RequestPolicy requestPolicy = new RequestPolicy(policy, now);
        request.configureExecutionInput((configured, builder) -> builder.graphQLContext(
                        context -> context.put(RequestPolicy.class, requestPolicy))
                .dataLoaderRegistry(new RelationLoaders())
                .build());
        return service.execute(request);
    }

    /**
     * What a caller (consumer, purpose, policy version) gets: the execution service of its view, and when it may use
     * no data for this purpose, the refusal of a document that asks for data. Valid until one of its grants starts or
     * ends.
     */
    private record CallerView(
            ViewService service, @Nullable Function<Document, List<GraphQLError>> refusal, Instant validUntil) {}

    private CallerView view(Caller caller, PolicySnapshot policy, Instant now) {
        Instant validUntil = policy.nextChange(caller.consumer(), caller.purpose(), now);
        Visibility visible = PolicyDecider.visibility(policy, caller.consumer(), caller.purpose(), now);
        boolean fullView = caller.isAdmin() && caller.purpose() == null;
        Function<Document, List<GraphQLError>> refusal = null;
        if (caller.purpose() != null && visible.fields().isEmpty()) {
            refusal = document ->
                    List.of(Refusals.error(ErrorCode.PURPOSE_NOT_GRANTED, "No active grant for this purpose"));
        } else if (!fullView && !CallerSchemas.anyDataRoot(catalog, visible)) {
            refusal = caller.purpose() == null
                    ? document -> List.of(Refusals.error(
                            ErrorCode.PURPOSE_REQUIRED,
                            "Data operations need the " + CallerInterceptor.PURPOSE_HEADER + " header"))
                    // Nothing here may be read (VERIFY-only grants): every data root field asked for is forbidden.
                    : this::forbiddenRootFields;
        }
        ViewService service =
                views.get(new ViewKey(fullView ? new Visibility(Map.of(), Map.of()) : visible, fullView), key -> {
                    Object documentView = new Object();
                    return new ViewService(
                            documentView,
                            memoized(() -> service(
                                    fullView ? fullSchema : CallerSchemas.forFields(fullSchema, catalog, key.visible()),
                                    documentView)));
                });
        return new CallerView(service, refusal, validUntil);
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile @Nullable T value;

            @Override
            public T get() {
                T current = value;
                if (current == null) {
                    synchronized (this) {
                        current = value;
                        if (current == null) {
                            current = supplier.get();
                            value = current;
                        }
                    }
                }
                return current;
            }
        };
    }

    private ExecutionGraphQlService service(GraphQLSchema schema, Object documentView) {
        // A document validated against one schema is valid only there: each view has its own part of the cache.
        PreparsedDocumentProvider viewDocuments = documents.forView(documentView);
        GraphQlSource source = GraphQlSource.builder(schema)
                .exceptionResolvers(resolvers)
                .instrumentation(instrumentations)
                .configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(viewDocuments))
                .build();
        DefaultExecutionGraphQlService service = new DefaultExecutionGraphQlService(source);
        service.addDataLoaderRegistrar(loaders);
        return service;
    }

    private List<GraphQLError> forbiddenRootFields(Document document) {
        List<GraphQLError> errors = new ArrayList<>();
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof OperationDefinition operation) {
                for (Selection<?> selection : operation.getSelectionSet().getSelections()) {
                    if (selection instanceof Field field && catalog.rootFields().containsKey(field.getName())) {
                        errors.add(Refusals.forbiddenField(List.of(field.getResultKey())));
                    }
                }
            }
        }
        return errors.isEmpty()
                ? List.of(Refusals.error(ErrorCode.FORBIDDEN_FIELD, "Nothing here may be read"))
                : errors;
    }

    /**
     * Whether a document may touch data: true unless every top-level selection of every query is an introspection or
     * workflow field (a fragment spread at the top counts as data: refusing it is the safe side). Mutations are
     * workflow steps.
     */
    private boolean asksForData(Document document) {
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof OperationDefinition operation
                    && operation.getOperation() == OperationDefinition.Operation.QUERY) {
                for (Selection<?> selection : operation.getSelectionSet().getSelections()) {
                    if (!(selection instanceof Field field)
                            || catalog.rootFields().containsKey(field.getName())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static @Nullable Document parseOrNull(String query) {
        try {
            return Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            // The service reports the syntax error as usual.
            return null;
        }
    }

    private static Mono<ExecutionGraphQlResponse> refuse(ExecutionInput input, List<GraphQLError> errors) {
        return Mono.just(new DefaultExecutionGraphQlResponse(
                input, ExecutionResult.newExecutionResult().errors(errors).build()));
    }
}
