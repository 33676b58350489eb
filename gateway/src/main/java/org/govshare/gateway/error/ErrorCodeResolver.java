package org.govshare.gateway.error;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.govshare.connector.source.SourceUnavailableException;
import org.govshare.policy.workflow.WorkflowException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

/**
 * Maps every exception a data fetcher raises to the contract's codes. Anything not mapped becomes {@code INTERNAL}
 * with a correlation id; its detail goes to the log only.
 */
@Component
public class ErrorCodeResolver extends DataFetcherExceptionResolverAdapter {
    private static final Logger log = LoggerFactory.getLogger(ErrorCodeResolver.class);

    private final ObjectProvider<Tracer> tracer;
    private final MeterRegistry meters;

    public ErrorCodeResolver(ObjectProvider<Tracer> tracer, ObjectProvider<MeterRegistry> meters) {
        this.tracer = tracer;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        // Exceptions are mapped on the fetcher's thread: the request's trace is the current one there.
        setThreadLocalContextAware(true);
    }

    @Override
    protected @Nullable GraphQLError resolveToSingleError(Throwable thrown, DataFetchingEnvironment environment) {
        return toError(thrown, environment);
    }

    /**
     * The contract's error for what a data fetcher threw at {@code environment}; also used by the admin API, whose
     * own GraphQL engine has no Spring resolver chain.
     */
    public GraphQLError toError(Throwable thrown, DataFetchingEnvironment environment) {
        Throwable exception = unwrap(thrown);
        if (exception instanceof QuotaExceededException quota) {
            // A verification refused for its subject's mismatches is a quota refusal like a whole operation's.
            quota.count(meters);
            return error(
                    environment, quota.code(), quota.getMessage(), Map.of("retryAfter", quota.retryAfterSeconds()));
        }
        if (exception instanceof GovshareException refusal) {
            return error(environment, refusal.code(), refusal.getMessage(), Map.of());
        }
        if (exception instanceof WorkflowException step) {
            return error(
                    environment,
                    step.kind() == WorkflowException.Kind.FORBIDDEN
                            ? ErrorCode.FORBIDDEN_FIELD
                            : ErrorCode.INVALID_ARGUMENT,
                    step.getMessage(),
                    Map.of());
        }
        if (exception instanceof java.sql.SQLException) {
            log.warn(
                    "control plane unavailable at {}",
                    environment.getExecutionStepInfo().getPath(),
                    exception);
            return error(
                    environment,
                    ErrorCode.SOURCE_UNAVAILABLE,
                    "the control plane is unavailable; try again later",
                    Map.of());
        }
        if (exception instanceof SourceUnavailableException unavailable) {
            log.warn(
                    "source {} unavailable at {}",
                    unavailable.source(),
                    environment.getExecutionStepInfo().getPath(),
                    unavailable);
            return error(
                    environment,
                    ErrorCode.SOURCE_UNAVAILABLE,
                    "a data source is unavailable; try again later",
                    Map.of());
        }
        String correlationId = correlationId();
        log.error(
                "internal error {} at {}",
                correlationId,
                environment.getExecutionStepInfo().getPath(),
                exception);
        return error(
                environment,
                ErrorCode.INTERNAL,
                "internal error; quote correlation id " + correlationId,
                Map.of("correlationId", correlationId));
    }

    /**
     * The request's trace id, which every log line of the request carries as well (Spring Boot's log correlation), so
     * the id a caller quotes finds the whole request in the logs and traces; a random id outside a trace.
     */
    private String correlationId() {
        Tracer current = tracer.getIfAvailable();
        Span span = current == null ? null : current.currentSpan();
        return span == null ? UUID.randomUUID().toString() : span.context().traceId();
    }

    /** Batched loads fail through futures; the cause is what matters. */
    private static Throwable unwrap(Throwable thrown) {
        Throwable current = thrown;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static GraphQLError error(
            DataFetchingEnvironment environment, ErrorCode code, @Nullable String message, Map<String, Object> extra) {
        return GraphqlErrorBuilder.newError(environment)
                .errorType(code == ErrorCode.INTERNAL ? ErrorType.INTERNAL_ERROR : ErrorType.BAD_REQUEST)
                .message(message == null ? code.name() : message)
                .extensions(extensions(code, extra))
                .build();
    }

    private static Map<String, Object> extensions(ErrorCode code, Map<String, Object> extra) {
        java.util.LinkedHashMap<String, Object> extensions = new java.util.LinkedHashMap<>(extra);
        extensions.putAll(code.extensions());
        return extensions;
    }
}
