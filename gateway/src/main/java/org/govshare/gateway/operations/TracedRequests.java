package org.govshare.gateway.operations;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Observations that are made only for a request whose trace is sampled (one in ten by default): they give the trace
 * its spans and nothing else anyone reads, so the other requests do not pay for them. {@code graphql.request} is one:
 * its span is the parent of the request's source statements in the trace, while its timer repeats {@code
 * govshare.request.duration} (by kind and outcome) and is not exported.
 */
public final class TracedRequests implements ObservationPredicate {
    /** The observations made only for sampled requests. */
    public static final Set<String> TRACE_ONLY = Set.of("graphql.request");

    private final @Nullable Tracer tracer;

    /** @param tracer the request traces' tracer, or null where tracing is off (then none of them is made) */
    public TracedRequests(@Nullable Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public boolean test(String name, Observation.Context context) {
        return !TRACE_ONLY.contains(name) || sampled(tracer);
    }

    /** Whether this thread's current span, the request's, is sampled. */
    static boolean sampled(@Nullable Tracer tracer) {
        if (tracer == null) {
            return false;
        }
        Span current = tracer.currentSpan();
        return current != null && Boolean.TRUE.equals(current.context().sampled());
    }
}
