package org.govshare.gateway.catalog;

import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import org.springframework.graphql.execution.GraphQlSource;

/**
 * The full data schema of the catalog version serving now, for what Spring for GraphQL asks of a {@link GraphQlSource}
 * outside a request. Requests do not use it: each runs on its own version (see {@link CatalogExecutionService}).
 */
public final class CurrentGraphQlSource implements GraphQlSource {
    private final LiveCatalog live;

    public CurrentGraphQlSource(LiveCatalog live) {
        this.live = live;
    }

    @Override
    public GraphQL graphQl() {
        return GraphQL.newGraphQL(schema()).build();
    }

    @Override
    public GraphQLSchema schema() {
        return live.current().fullSchema();
    }
}
