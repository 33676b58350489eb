package org.govshare.gateway.access;

import static java.util.Objects.requireNonNull;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.govshare.gateway.error.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;

/**
 * Every request runs under a deadline ({@code govshare.limits.execution-deadline}): when it passes, the execution is
 * cancelled (graphql-java checks before each field it fetches or completes, so nothing more is fetched) and the
 * answer carries {@code QUERY_TOO_COMPLEX} with whatever was already fetched. The document limits bound what one
 * document may ask for; this bounds what it may cost, whatever the reason it takes long.
 */
public final class ExecutionDeadline extends SimplePerformantInstrumentation implements Ordered, AutoCloseable {
    private final Duration deadline;
    private final ScheduledThreadPoolExecutor timer;

    public ExecutionDeadline(Duration deadline) {
        this.deadline = requireNonNull(deadline, "deadline is null");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the execution deadline must be positive");
        }
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "execution-deadline");
            thread.setDaemon(true);
            return thread;
        });
        // A request that ends in time takes its timer out of the queue at once, so finished requests hold nothing.
        this.timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecution(
            InstrumentationExecutionParameters parameters, @Nullable InstrumentationState state) {
        ExecutionInput input = parameters.getExecutionInput();
        ScheduledFuture<?> cancellation = timer.schedule(input::cancel, deadline.toNanos(), TimeUnit.NANOSECONDS);
        return SimpleInstrumentationContext.whenCompleted((result, failure) -> cancellation.cancel(false));
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(
            ExecutionResult result,
            InstrumentationExecutionParameters parameters,
            @Nullable InstrumentationState state) {
        if (!parameters.getExecutionInput().isCancelled()) {
            return CompletableFuture.completedFuture(result);
        }
        // graphql-java reports each field it did not run as a cancellation; the caller gets one clear refusal.
        return CompletableFuture.completedFuture(result.transform(builder -> builder.errors(List.of(Refusals.error(
                ErrorCode.QUERY_TOO_COMPLEX,
                "The operation ran longer than " + deadline.toMillis() + " ms and was stopped")))));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
