package org.govshare.gateway.read;

import static java.util.Objects.requireNonNull;

import graphql.TrivialDataFetcher;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;

/**
 * A root field's fetcher that runs on the request's own thread (graphql-java calls root fields synchronously), so the
 * request's context (trace, security) is on the thread already. It is marked trivial for what that marks: Spring for
 * GraphQL does not wrap it to restore that context a second time, nor observe it as a field of its own (a request's
 * source queries are observed where they run, as children of the request's trace). Both cost about 15 µs a lookup.
 * The fetcher may do I/O: what it starts elsewhere captures the context itself ({@code SourceQueryExecutor}).
 */
public final class RequestThreadFetcher<T> implements TrivialDataFetcher<T> {
    private final DataFetcher<T> body;

    private RequestThreadFetcher(DataFetcher<T> body) {
        this.body = requireNonNull(body, "body is null");
    }

    /** {@code body}, run on the request's thread as a root field. */
    public static <T> DataFetcher<T> of(DataFetcher<T> body) {
        return new RequestThreadFetcher<>(body);
    }

    @Override
    public T get(DataFetchingEnvironment environment) throws Exception {
        return body.get(environment);
    }
}
