package org.govshare.gateway.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;
import org.govshare.connector.execution.SourceQueryObserver;
import org.junit.jupiter.api.Test;

class SourceQueryMetersTest {
    private static final String SQL = "SELECT name FROM resident WHERE id_number = ?";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InMemorySpanExporter exported = InMemorySpanExporter.create();

    private Tracer tracer(Sampler sampler) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exported))
                .setSampler(sampler)
                .build();
        return new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> {});
    }

    @Test
    void aStatementOfASampledRequestIsASpanInItsTraceAndIsTimed() {
        Tracer tracer = tracer(Sampler.alwaysOn());
        SourceQueryMeters meters = new SourceQueryMeters(registry, tracer);
        Span request = inRequest(tracer, () -> {
            SourceQueryObserver.Watch watch = meters.started("police", SQL);
            assertThat(active("police").activeTasks()).isEqualTo(1);
            watch.answered();
        });

        assertThat(active("police").activeTasks()).isZero();
        assertThat(timer("police", "answered", "none").count()).isEqualTo(1);
        SpanData query = span("query police");
        assertThat(query.getParentSpanId()).isEqualTo(request.context().spanId());
        assertThat(query.getAttributes().get(AttributeKey.stringKey("source"))).isEqualTo("police");
        assertThat(query.getAttributes().get(AttributeKey.stringKey("db.statement")))
                .isEqualTo(SQL);
        assertThat(query.getAttributes().get(AttributeKey.stringKey("outcome"))).isEqualTo("answered");
    }

    @Test
    void aStatementOfAnUnsampledRequestIsTimedWithoutASpan() {
        Tracer tracer = tracer(Sampler.alwaysOff());
        SourceQueryMeters meters = new SourceQueryMeters(registry, tracer);
        Span request = inRequest(tracer, () -> {
            meters.started("police", SQL).answered();
            meters.started("police", SQL).answered();
        });

        assertThat(timer("police", "answered", "none").count()).isEqualTo(2);
        assertThat(exported.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void aStatementOutsideAnyRequestOrWithoutTracingIsTimed() {
        new SourceQueryMeters(registry, tracer(Sampler.alwaysOn()))
                .started("hrss", SQL)
                .answered();
        new SourceQueryMeters(registry, null).started("hrss", SQL).answered();

        assertThat(timer("hrss", "answered", "none").count()).isEqualTo(2);
        assertThat(exported.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void aFailedStatementIsTimedByItsErrorAndItsSpanMarked() {
        Tracer tracer = tracer(Sampler.alwaysOn());
        SourceQueryMeters meters = new SourceQueryMeters(registry, tracer);
        Span request = inRequest(tracer, () -> {
            meters.started("hrss", SQL).failed(new IllegalStateException("refused"));
            meters.started("hrss", SQL).failed(new RuntimeException("anonymous") {});
        });

        assertThat(timer("hrss", "unavailable", "IllegalStateException").count())
                .isEqualTo(1);
        assertThat(registry.find(SourceQueryMeters.TIMER)
                        .tag("error", SourceQueryMetersTest.class.getName() + "$1")
                        .timer())
                .isNotNull();
        assertThat(registry.find(SourceQueryMeters.TIMER)
                        .tag("outcome", "answered")
                        .timer())
                .extracting(Timer::count)
                .isEqualTo(0L);
        List<SpanData> queries = exported.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals("query hrss"))
                .toList();
        assertThat(queries).hasSize(2).allSatisfy(span -> {
            assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(span.getAttributes().get(AttributeKey.stringKey("outcome")))
                    .isEqualTo("unavailable");
        });
        assertThat(active("hrss").activeTasks()).isZero();
    }

    /** Runs {@code statements} with a new request span current, and ends the span. */
    private static Span inRequest(Tracer tracer, Runnable statements) {
        Span request = tracer.nextSpan().name("request").start();
        Tracer.SpanInScope scope = tracer.withSpan(request);
        try {
            statements.run();
        } finally {
            scope.close();
            request.end();
        }
        return request;
    }

    private LongTaskTimer active(String source) {
        return registry.get(SourceQueryMeters.ACTIVE).tag("source", source).longTaskTimer();
    }

    private Timer timer(String source, String outcome, String error) {
        return registry.get(SourceQueryMeters.TIMER)
                .tag("source", source)
                .tag("outcome", outcome)
                .tag("error", error)
                .timer();
    }

    private SpanData span(String name) {
        return exported.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
