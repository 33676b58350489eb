package org.govshare.gateway.quota;

import graphql.ExecutionResult;
import graphql.GraphQLContext;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.govshare.gateway.access.AccessDecisionInstrumentation;
import org.govshare.gateway.audit.RequestTrace;
import org.govshare.gateway.error.QuotaExceededException;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.policy.model.Quotas;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.graphql.execution.ErrorType;

/**
 * Applies the quotas of the grants behind an allowed operation before anything runs: the request rate per
 * (consumer, purpose), and the ceiling of distinct subjects per day (an operation at the ceiling is refused with
 * {@code QUOTA_EXCEEDED} and {@code retryAfter}). After the operation, the subjects it touched are counted. Runs right
 * after the access decision, whose {@link Allowed} carries the quotas.
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
        Allowed allowed = parameters.getExecutionContext().getGraphQLContext().get(Allowed.class);
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
        Allowed allowed = context.get(Allowed.class);
        RequestTrace trace = RequestTrace.of(context);
        if (allowed != null && trace != null && allowed.quotas().distinctSubjectsPerDay() > 0) {
            store.addSubjects(
                    new QuotaKey(allowed.consumer(), allowed.purpose()),
                    trace.subjects().stream().map(digests::digest).toList());
        }
        return CompletableFuture.completedFuture(result);
    }

    private static AbortExecutionException refusal(QuotaExceededException exceeded) {
        return new AbortExecutionException(List.of(GraphqlErrorBuilder.newError()
                .errorType(ErrorType.FORBIDDEN)
                .message(exceeded.getMessage())
                .extensions(exceeded.extensions())
                .build()));
    }
}
