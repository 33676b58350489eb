package org.govshare.gateway.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeSamplerTest {
    /** A trace id whose low bits a trace-id ratio sampler samples at any probability above zero. */
    private static final String CHOSEN_TRACE_ID = "00000000000000010000000000000000";

    private static final String SPAN_ID = "00f067aa0ba902b7";

    private static Context parent(boolean remote, boolean sampled) {
        TraceFlags flags = sampled ? TraceFlags.getSampled() : TraceFlags.getDefault();
        SpanContext context = remote
                ? SpanContext.createFromRemoteParent(CHOSEN_TRACE_ID, SPAN_ID, flags, TraceState.getDefault())
                : SpanContext.create(CHOSEN_TRACE_ID, SPAN_ID, flags, TraceState.getDefault());
        return Context.root().with(Span.wrap(context));
    }

    private static SamplingDecision decide(Sampler sampler, Context parent) {
        return sampler.shouldSample(
                        parent, CHOSEN_TRACE_ID, "http post /graphql", SpanKind.SERVER, Attributes.empty(), List.of())
                .getDecision();
    }

    @Test
    void aCallersSampledFlagDoesNotDecide() {
        Sampler never = EdgeSampler.of(0);

        assertThat(decide(never, parent(true, true))).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(EdgeSampler.of(1), parent(true, false))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }

    @Test
    void aCallersChosenTraceIdDoesNotDecide() {
        Sampler tenth = EdgeSampler.of(0.1);
        int sampled = 0;
        for (int i = 0; i < 4_000; i++) {
            if (decide(tenth, parent(true, true)) == SamplingDecision.RECORD_AND_SAMPLE) {
                sampled++;
            }
        }
        // Drawn, not read off the trace id: about 400 of 4,000 (the ratio sampler would take every one).
        assertThat(sampled).isBetween(280, 520);
        assertThat(decide(Sampler.traceIdRatioBased(0.1), parent(true, true)))
                .as("what the trace id alone would decide")
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }

    @Test
    void spansWithinTheGatewayFollowTheirParent() {
        assertThat(decide(EdgeSampler.of(0), parent(false, true))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(EdgeSampler.of(1), parent(false, false))).isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void aRequestWithoutParentIsDrawnAtTheProbability() {
        assertThat(decide(EdgeSampler.of(1), Context.root())).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(EdgeSampler.of(0), Context.root())).isEqualTo(SamplingDecision.DROP);
        assertThatThrownBy(() -> EdgeSampler.of(1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
