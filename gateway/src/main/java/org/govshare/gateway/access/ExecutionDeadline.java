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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>Executions under way are kept in a set that one thread sweeps a few times a second, cancelling those past their
 * deadline; so an execution is stopped within a sweep's interval (a tenth of the deadline, at most 100 ms) after it.
 * A timer task per execution cost every request a wake-up of the timer's thread (the new task may be the earliest)
 * and a second to cancel it.
 */
public final class ExecutionDeadline extends SimplePerformantInstrumentation implements Ordered, AutoCloseable {
    private final Duration deadline;
    private final long deadlineNanos;
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor sweeper;

    /** An execution under way and when it must stop; equal only to itself. */
    private static final class Running {
        private final ExecutionInput input;
        private final long due;

        Running(ExecutionInput input, long due) {
            this.input = input;
            this.due = due;
        }
    }

    public ExecutionDeadline(Duration deadline) {
        this.deadline = requireNonNull(deadline, "deadline is null");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the execution deadline must be positive");
        }
        this.deadlineNanos = deadline.toNanos();
        this.sweeper = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "execution-deadline");
            thread.setDaemon(true);
            return thread;
        });
        long interval = Math.max(1_000_000L, Math.min(TimeUnit.MILLISECONDS.toNanos(100), deadlineNanos / 10));
        sweeper.scheduleWithFixedDelay(this::sweep, interval, interval, TimeUnit.NANOSECONDS);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecution(
            InstrumentationExecutionParameters parameters, @Nullable InstrumentationState state) {
        Running execution = new Running(parameters.getExecutionInput(), System.nanoTime() + deadlineNanos);
        running.add(execution);
        return SimpleInstrumentationContext.whenCompleted((result, failure) -> running.remove(execution));
    }

    /** Cancels the executions past their deadline. */
    private void sweep() {
        long now = System.nanoTime();
        for (Running execution : running) {
            if (now - execution.due >= 0) {
                execution.input.cancel();
                running.remove(execution);
            }
        }
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
        sweeper.shutdownNow();
    }
}
