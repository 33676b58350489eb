package org.govshare.gateway.read;

import static java.util.Objects.requireNonNull;

import graphql.TrivialDataFetcher;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;

/**
 * A fetcher that Spring for GraphQL must not wrap: marked trivial, so Spring neither restores the request's context
 * around it nor observes it as a field of its own (about 15 µs a field). Right for two kinds of fetcher: a root field's,
 * which graphql-java calls synchronously on the request's thread, where that context is already; and a relation
 * field's, which reads nothing but its environment and only adds a key to the request's loader. A request's source
 * queries are observed where they run, as children of the request's trace; what a fetcher starts elsewhere carries
 * the context itself ({@code SourceQueryExecutor}, {@link RelationLoaders}).
 */
public final class UnwrappedFetcher<T> implements TrivialDataFetcher<T> {
    private final DataFetcher<T> body;

    private UnwrappedFetcher(DataFetcher<T> body) {
        this.body = requireNonNull(body, "body is null");
    }

    /** {@code body}, called as it is: a root field's fetcher, or one that reads only its environment. */
    public static <T> DataFetcher<T> of(DataFetcher<T> body) {
        return new UnwrappedFetcher<>(body);
    }

    @Override
    public T get(DataFetchingEnvironment environment) throws Exception {
        return body.get(environment);
    }
}
