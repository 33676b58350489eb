package org.govshare.gateway.operations;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.govshare.connector.execution.SourceQueryObserver;
import org.jspecify.annotations.Nullable;

/**
 * Each source statement's measures ({@code govshare.source.query}: a timer by source, outcome and error, and {@code
 * govshare.source.query.active}: statements under way by source) with meters looked up once per source, and a span
 * ({@code query <source>}, with the statement's text) only where the caller's request is sampled: an unsampled
 * request, nine in ten by default, pays for no span. The meters' names and tags are those of a Micrometer observation
 * of the same name, which the dashboard and the contract's metrics table name.
 */
public final class SourceQueryMeters implements SourceQueryObserver {
    static final String TIMER = "govshare.source.query";
    static final String ACTIVE = "govshare.source.query.active";

    private final MeterRegistry registry;
    private final @Nullable Tracer tracer;
    private final Map<String, PerSource> sources = new ConcurrentHashMap<>();

    /** @param tracer the request traces' tracer, or null where tracing is off */
    public SourceQueryMeters(MeterRegistry registry, @Nullable Tracer tracer) {
        this.registry = registry;
        this.tracer = tracer;
    }

    @Override
    public Watch started(String source, String sql) {
        PerSource meters = sources.get(source);
        if (meters == null) {
            meters = sources.computeIfAbsent(source, PerSource::new);
        }
        return new Running(meters, meters.active.start(), Timer.start(registry), span(source, sql));
    }

    private @Nullable Traced span(String source, String sql) {
        if (!TracedRequests.sampled(tracer)) {
            return null;
        }
        Span span = tracer.nextSpan()
                .name("query " + source)
                .tag("source", source)
                .tag("db.statement", sql)
                .start();
        return new Traced(span, tracer.withSpan(span));
    }

    /** A sampled statement's span, current on the statement's thread while it runs. */
    private record Traced(Span span, Tracer.SpanInScope scope) {
        void end(String outcome, @Nullable Throwable failure) {
            scope.close();
            span.tag("outcome", outcome);
            if (failure != null) {
                span.error(failure);
            }
            span.end();
        }
    }

    private final class Running implements Watch {
        private final PerSource meters;
        private final LongTaskTimer.Sample active;
        private final Timer.Sample started;
        private final @Nullable Traced traced;

        Running(PerSource meters, LongTaskTimer.Sample active, Timer.Sample started, @Nullable Traced traced) {
            this.meters = meters;
            this.active = active;
            this.started = started;
            this.traced = traced;
        }

        @Override
        public void answered() {
            end(meters.answered, "answered", null);
        }

        @Override
        public void failed(RuntimeException failure) {
            end(meters.unavailable(failure), "unavailable", failure);
        }

        private void end(Timer timer, String outcome, @Nullable Throwable failure) {
            started.stop(timer);
            active.stop();
            if (traced != null) {
                traced.end(outcome, failure);
            }
        }
    }

    /** One source's meters: the timer of its answers made once, those of its failures once per kind of failure. */
    private final class PerSource {
        private final String source;
        private final LongTaskTimer active;
        private final Timer answered;
        private final Map<String, Timer> unavailable = new ConcurrentHashMap<>();

        PerSource(String source) {
            this.source = source;
            this.active = LongTaskTimer.builder(ACTIVE)
                    .description("Statements running on a source now, by source")
                    .tag("source", source)
                    .register(registry);
            this.answered = timer("answered", "none");
        }

        Timer unavailable(Throwable failure) {
            String simple = failure.getClass().getSimpleName();
            return unavailable.computeIfAbsent(
                    simple.isEmpty() ? failure.getClass().getName() : simple, error -> timer("unavailable", error));
        }

        private Timer timer(String outcome, String error) {
            return Timer.builder(TIMER)
                    .description("Statements run on a source, by source and outcome (answered, unavailable)")
                    .tag("source", source)
                    .tag("outcome", outcome)
                    .tag("error", error)
                    .register(registry);
        }
    }
}
