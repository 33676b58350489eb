package org.govshare.gateway.operations;

import graphql.ExecutionInput;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.observation.DataFetcherObservationConvention;
import org.springframework.graphql.observation.ExecutionRequestObservationConvention;
import org.springframework.graphql.observation.GraphQlObservationInstrumentation;

/**
 * Spring for GraphQL's observations of a request ({@code graphql.request}) and of its fields that do I/O of their own,
 * without its observation of data loader batches. That one gives each request a copy of its data loader registry with
 * every loader instrumented, which would take the request's relation loaders away ({@code read.RelationLoaders}:
 * made when first needed, dispatched so that a level's last statement runs on the dispatching thread), and it would
 * observe what each source statement's own measures and span ({@code govshare.source.query}, {@code
 * SourceQueryMeters}) already do. The request's observation is made only for sampled requests ({@code
 * TracedRequests}).
 */
public final class RequestObservationInstrumentation extends GraphQlObservationInstrumentation {
    public RequestObservationInstrumentation(
            ObservationRegistry registry,
            @Nullable ExecutionRequestObservationConvention requests,
            @Nullable DataFetcherObservationConvention fields) {
        super(registry, requests, fields, null);
    }

    @Override
    public ExecutionInput instrumentExecutionInput(
            ExecutionInput executionInput,
            InstrumentationExecutionParameters parameters,
            @Nullable InstrumentationState state) {
        return executionInput;
    }
}
