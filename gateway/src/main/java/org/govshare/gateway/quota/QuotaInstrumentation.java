package org.govshare.gateway.quota;

import graphql.ExecutionResult;
import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.govshare.gateway.access.AccessDecisionInstrumentation;
import org.govshare.gateway.audit.RequestTrace;
import org.govshare.gateway.error.QuotaExceededException;
import org.govshare.gateway.read.AllowedOperation;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.policy.model.Quotas;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.graphql.execution.ErrorType;

/**
 * Applies the quotas of the grants behind an allowed operation: before anything runs, the request rate per
 * (consumer, purpose) and the ceiling of distinct subjects per day (an operation at the ceiling is refused with
 * {@code QUOTA_EXCEEDED} and {@code retryAfter}); after it ran and before its result leaves, the subjects whose
 * records it read or verified are admitted against the ceiling all at once, and if they do not fit, none of its data
 * leaves (the whole result becomes the refusal). Runs right after the access decision, whose {@link Allowed} carries
 * the quotas.
 */
public final class QuotaInstrumentation extends SimplePerformantInstrumentation implements Ordered {
    private final QuotaStore store;
    private final SubjectDigests digests;
    private final MeterRegistry meters;

    public QuotaInstrumentation(QuotaStore store, SubjectDigests digests, MeterRegistry meters) {
        this.store = store;
        this.digests = digests;
        this.meters = meters;
    }

    @Override
    public int getOrder() {
        return AccessDecisionInstrumentation.ORDER + 10;
    }

    @Override
    public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
        Allowed allowed =
                AllowedOperation.decisionIn(parameters.getExecutionContext().getGraphQLContext());
        if (allowed == null) {
            return null;
        }
        Quotas quotas = allowed.quotas();
        if (quotas.requestsPerSecond() == 0 && quotas.distinctSubjectsPerDay() == 0) {
            return null;
        }
        QuotaStore.Admission admission = store.admit(
                new QuotaKey(allowed.consumer(), allowed.purpose()),
                quotas.requestsPerSecond(),
                quotas.distinctSubjectsPerDay());
        QuotaExceededException exceeded =
                switch (admission.refusal()) {
                    case NONE -> null;
                    case RATE ->
                        new QuotaExceededException(
                                QuotaExceededException.Kind.RATE,
                                "more than " + quotas.requestsPerSecond() + " requests per second for this purpose",
                                admission.retryAfterSeconds());
                    case SUBJECTS ->
                        new QuotaExceededException(
                                QuotaExceededException.Kind.SUBJECTS,
                                "the day's ceiling of " + quotas.distinctSubjectsPerDay()
                                        + " distinct subjects is reached",
                                admission.retryAfterSeconds());
                };
        if (exceeded != null) {
            exceeded.count(meters);
            throw refusal(exceeded);
        }
        return null;
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(
            ExecutionResult result,
            InstrumentationExecutionParameters parameters,
            @Nullable InstrumentationState state) {
        GraphQLContext context = parameters.getGraphQLContext();
        Allowed allowed = AllowedOperation.decisionIn(context);
        RequestTrace trace = RequestTrace.of(context);
        if (allowed == null || trace == null || allowed.quotas().distinctSubjectsPerDay() == 0) {
            return CompletableFuture.completedFuture(result);
        }
        QuotaStore.Admission admission = store.admitSubjects(
                new QuotaKey(allowed.consumer(), allowed.purpose()),
                trace.subjects().stream().map(digests::digest).toList(),
                allowed.quotas().distinctSubjectsPerDay());
        if (admission.admitted()) {
            return CompletableFuture.completedFuture(result);
        }
        QuotaExceededException exceeded = new QuotaExceededException(
                QuotaExceededException.Kind.SUBJECTS,
                "the day's ceiling of " + allowed.quotas().distinctSubjectsPerDay()
                        + " distinct subjects would be passed; none of this answer's records are returned",
                admission.retryAfterSeconds());
        exceeded.count(meters);
        List<GraphQLError> errors = new ArrayList<>(result.getErrors());
        errors.add(GraphqlErrorBuilder.newError()
                .errorType(ErrorType.FORBIDDEN)
                .message(exceeded.getMessage())
                .extensions(exceeded.extensions())
                .build());
        // No data at all: the rows were read at the sources, but they do not leave the gateway.
        return CompletableFuture.completedFuture(ExecutionResult.newExecutionResult()
                .errors(errors)
                .extensions(result.getExtensions())
                .build());
    }

    private static AbortExecutionException refusal(QuotaExceededException exceeded) {
        return new AbortExecutionException(List.of(GraphqlErrorBuilder.newError()
                .errorType(ErrorType.FORBIDDEN)
                .message(exceeded.getMessage())
                .extensions(exceeded.extensions())
                .build()));
    }
}
