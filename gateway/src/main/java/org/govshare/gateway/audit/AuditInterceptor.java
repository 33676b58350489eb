package org.govshare.gateway.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.language.Document;
import graphql.parser.Parser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.govshare.gateway.access.Caller;
import org.govshare.gateway.access.FieldUses;
import org.govshare.gateway.catalog.CatalogVersion;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.request.RequestRecord;
import org.govshare.gateway.subject.Subject;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.policy.evaluation.FieldUse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * Writes the audit record of every operation, allowed or refused, of the data API and the admin API alike, and lets
 * the response go only once the record is durable. If the audit store does not take it, the caller gets
 * {@code SOURCE_UNAVAILABLE} and none of the data: nothing is answered that is not on the record (fail closed).
 */
public final class AuditInterceptor implements WebGraphQlInterceptor, Ordered {
    /** Right after the caller is known, so every later stage runs inside the audited span. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private static final Logger log = LoggerFactory.getLogger(AuditInterceptor.class);
    /** A document has a few operations; a caller naming others gets no more entries than that. */
    private static final int MAXIMUM_SHAPES_PER_DOCUMENT = 8;

    private final AuditLog auditLog;
    private final SubjectDigests digests;
    private final LiveCatalog live;
    private final Clock clock;
    private final MeterRegistry meters;
    /**
     * Meters by their tags, looked up once: building and registering a meter per request cost a map lookup in the
     * registry and a few objects each time. Tags come from closed sets (outcomes, error codes, operation kinds).
     */
    private final Map<String, Counter> requestCounters = new ConcurrentHashMap<>();

    private final Map<String, Timer> durationTimers = new ConcurrentHashMap<>();
    /**
     * The shapes of each parsed document's operations (by name, "" for the only one), as long as the document itself
     * is kept (documents are cached by text per view; this cache holds them weakly, by identity).
     */
    private final Cache<Document, Map<String, OperationShape>> shapes =
            Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

    public AuditInterceptor(
            AuditLog auditLog, SubjectDigests digests, LiveCatalog live, Clock clock, MeterRegistry meters) {
        this.auditLog = auditLog;
        this.meters = meters;
        this.digests = digests;
        this.live = live;
        this.clock = clock;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long started = System.nanoTime();
        RequestTrace trace = new RequestTrace();
        request.configureExecutionInput(
                (input, builder) -> builder.graphQLContext(context -> context.put(RequestRecord.class, trace))
                        .build());
        return chain.next(request).flatMap(response -> {
            Recorded recorded = entry(request, response, trace, at, started);
            AuditEntry entry = recorded.entry();
            Mono<WebGraphQlResponse> audited = Mono.fromFuture(auditLog.append(entry))
                    .map(written -> response)
                    .onErrorResume(failure -> {
                        log.warn("refusing a response whose audit record was not written: {}", failure.getMessage());
                        return Mono.just(unaudited(response));
                    });
            if (trace.isAdministrative()) {
                // The request meters are the data API's; the admin API's operations are on the record only.
                return audited;
            }
            requests(entry).increment();
            return audited.doOnNext(answered -> durations(
                            recorded.kind(),
                            answered == response ? entry.outcome().name() : "DENIED")
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
        });
    }

    /** The request counter of this outcome and first code, registered on its first use and looked up after. */
    private Counter requests(AuditEntry entry) {
        String code = entry.codes().isEmpty() ? "none" : entry.codes().get(0);
        return requestCounters.computeIfAbsent(
                entry.outcome().name() + " " + code, key -> Counter.builder("govshare.requests")
                        .description("GraphQL operations on /graphql by outcome (ALLOWED, DENIED) and first error code")
                        .tag("outcome", entry.outcome().name())
                        .tag("code", code)
                        .register(meters));
    }

    /** The duration timer of this kind and outcome, registered on its first use and looked up after. */
    private Timer durations(OperationKind kind, String outcome) {
        return durationTimers.computeIfAbsent(
                kind.tag() + " " + outcome, key -> Timer.builder("govshare.request.duration")
                        .description("Time from the GraphQL operation's start to its audited answer, by kind"
                                + " (read, verify, workflow, introspection, invalid) and outcome")
                        .tag("kind", kind.tag())
                        .tag("outcome", outcome)
                        .register(meters));
    }

    /** The audit record of an operation and what kind of operation it was. */
    private record Recorded(AuditEntry entry, OperationKind kind) {}

    private Recorded entry(
            WebGraphQlRequest request, WebGraphQlResponse response, RequestTrace trace, Instant at, long started) {
        Caller caller = response.getExecutionInput().getGraphQLContext().get(Caller.class);
        Document document = trace.document();
        if (document == null) {
            // Refused before graphql-java parsed it (a malformed header, no caller): parsed here, within the parser's
            // limits, for the record only.
            document = parseOrNull(request.getDocument());
        }
        OperationShape shape = document == null ? OperationShape.INVALID : shape(document, request.getOperationName());
        // Ran: the operation was not refused as a whole (a refusal has no data). It may still have used no data at
        // all (catalog, workflow, introspection) or carry field errors: the fields and codes say so.
        boolean ran = response.getExecutionResult().isDataPresent();
        List<FieldUse> uses = trace.uses();
        Set<Subject> subjects = new HashSet<>(trace.subjects());
        subjects.addAll(trace.named());
        if (!ran && document != null && !trace.isAdministrative()) {
            // A refused operation read nothing; record what it asked for and whom it named, on the full schema of the
            // catalog version it ran on (the caller's own schema may not have the fields it was refused).
            CatalogVersion version = live.of(response.getExecutionInput().getGraphQLContext());
            FieldUses.Walk walk = FieldUses.of(
                    version.catalog(),
                    version.fullSchema(),
                    document,
                    request.getOperationName(),
                    // The variables it ran with: the caller's, and the values lifted out of its text (LiteralLifting).
                    response.getExecutionInput().getVariables());
            uses = uses == null ? walk.uses() : uses;
            subjects.addAll(walk.namedSubjects());
        }
        TreeSet<String> fields = new TreeSet<>();
        (uses == null ? List.<FieldUse>of() : uses).forEach(use -> fields.add(use.field() + ":" + use.access()));
        List<String> subjectDigests = new ArrayList<>();
        subjects.forEach(subject -> subjectDigests.add(digests.digest(subject)));
        List<String> codes = new ArrayList<>(new TreeSet<>(codes(response.getExecutionResult())));
        AuditEntry entry = new AuditEntry(
                at,
                caller == null ? "" : caller.consumer(),
                caller == null ? null : caller.purpose(),
                caller == null ? null : caller.caseId(),
                caller == null ? null : caller.operatorId(),
                shape.text(),
                shape.hash(),
                List.copyOf(fields),
                subjectDigests,
                new java.util.TreeMap<>(trace.rows()),
                ran ? AuditEntry.Outcome.ALLOWED : AuditEntry.Outcome.DENIED,
                codes,
                (System.nanoTime() - started) / 1_000);
        return new Recorded(entry, OperationKind.of(document, uses == null ? List.of() : uses));
    }

    private OperationShape shape(Document document, @Nullable String operationName) {
        Map<String, OperationShape> byOperation = shapes.get(document, key -> new ConcurrentHashMap<>());
        String key = operationName == null ? "" : operationName;
        OperationShape shape = byOperation.get(key);
        if (shape == null) {
            try {
                shape = OperationShape.of(document, operationName);
            } catch (RuntimeException e) {
                // An operation name the document does not have: graphql-java refuses the request.
                shape = OperationShape.INVALID;
            }
            if (byOperation.size() >= MAXIMUM_SHAPES_PER_DOCUMENT) {
                byOperation.clear();
            }
            byOperation.put(key, shape);
        }
        return shape;
    }

    private static @Nullable Document parseOrNull(String document) {
        try {
            return Parser.parse(document);
        } catch (RuntimeException e) {
            // Invalid syntax, or beyond the parser's limits: nothing of the document is kept.
            return null;
        }
    }

    private static List<String> codes(ExecutionResult result) {
        List<String> codes = new ArrayList<>();
        for (GraphQLError error : result.getErrors()) {
            Map<String, Object> extensions = error.getExtensions();
            codes.add(extensions == null ? ErrorCode.INTERNAL.name() : String.valueOf(extensions.get("code")));
        }
        return codes;
    }

    private static WebGraphQlResponse unaudited(WebGraphQlResponse response) {
        GraphQLError error = GraphqlErrorBuilder.newError()
                .errorType(ErrorType.INTERNAL_ERROR)
                .message("the audit trail is unavailable, so nothing can be returned; try again later")
                .extensions(ErrorCode.SOURCE_UNAVAILABLE.extensions())
                .build();
        return response.transform(builder -> builder.data(null).errors(List.of(Objects.requireNonNull(error))));
    }
}
