package org.govshare.gateway.operations;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The gateway decides which requests are traced, at its own probability. A caller's W3C {@code traceparent} keeps its
 * trace id (the gateway's spans join the caller's trace), but neither its sampled flag nor its choice of trace id
 * decides: each request arriving from outside is drawn at random. Following the caller's flag (Boot's default) or a
 * ratio of the trace id (which the caller picks) would let any caller have all its requests traced, each costing more
 * and sending spans to the collector. Spans started inside the gateway follow their parent.
 */
public final class EdgeSampler implements Sampler {
    private final double probability;

    private EdgeSampler(double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("a sampling probability is between 0 and 1, not " + probability);
        }
        this.probability = probability;
    }

    /** A request from outside (no parent, or a remote one) is drawn; a span within the gateway follows its parent. */
    public static Sampler of(double probability) {
        Sampler edge = new EdgeSampler(probability);
        return Sampler.parentBasedBuilder(edge)
                .setRemoteParentSampled(edge)
                .setRemoteParentNotSampled(edge)
                .build();
    }

    @Override
    public SamplingResult shouldSample(
            Context parentContext,
            String traceId,
            String name,
            SpanKind spanKind,
            Attributes attributes,
            List<LinkData> parentLinks) {
        return ThreadLocalRandom.current().nextDouble() < probability
                ? SamplingResult.recordAndSample()
                : SamplingResult.drop();
    }

    @Override
    public String getDescription() {
        return "EdgeSampler{" + probability + "}";
    }
}
