package org.govshare.gateway.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class TracedRequestsTest {
    private static final Observation.Context CONTEXT = new Observation.Context();

    private static Tracer tracer(Sampler sampler) {
        SdkTracerProvider provider =
                SdkTracerProvider.builder().setSampler(sampler).build();
        return new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> {});
    }

    /** Asks {@code question} with a new request span current on this thread. */
    private static boolean inRequest(Tracer tracer, BooleanSupplier question) {
        Span request = tracer.nextSpan().name("request").start();
        Tracer.SpanInScope scope = tracer.withSpan(request);
        try {
            return question.getAsBoolean();
        } finally {
            scope.close();
            request.end();
        }
    }

    @Test
    void theGraphQlRequestIsObservedOnlyWhenTheRequestIsSampled() {
        Tracer sampled = tracer(Sampler.alwaysOn());
        Tracer unsampled = tracer(Sampler.alwaysOff());

        assertThat(inRequest(sampled, () -> new TracedRequests(sampled).test("graphql.request", CONTEXT)))
                .isTrue();
        assertThat(inRequest(unsampled, () -> new TracedRequests(unsampled).test("graphql.request", CONTEXT)))
                .isFalse();
        assertThat(new TracedRequests(sampled).test("graphql.request", CONTEXT))
                .as("outside any request")
                .isFalse();
        assertThat(new TracedRequests(null).test("graphql.request", CONTEXT))
                .as("tracing off")
                .isFalse();
    }

    @Test
    void otherObservationsAreMadeForEveryRequest() {
        Tracer unsampled = tracer(Sampler.alwaysOff());

        assertThat(inRequest(unsampled, () -> new TracedRequests(unsampled).test("http.server.requests", CONTEXT)))
                .isTrue();
        assertThat(new TracedRequests(null).test("http.server.requests", CONTEXT))
                .isTrue();
    }
}
