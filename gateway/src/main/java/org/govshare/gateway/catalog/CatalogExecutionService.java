package org.govshare.gateway.catalog;

import org.springframework.graphql.ExecutionGraphQlRequest;
import org.springframework.graphql.ExecutionGraphQlResponse;
import org.springframework.graphql.ExecutionGraphQlService;
import reactor.core.publisher.Mono;

/**
 * The data API's execution: each request runs on the catalog version current when it starts, to its end, on that
 * version's per-caller service; the version goes into the request's context, where the audit trail finds it.
 */
public final class CatalogExecutionService implements ExecutionGraphQlService {
    private final LiveCatalog live;

    public CatalogExecutionService(LiveCatalog live) {
        this.live = live;
    }

    @Override
    public Mono<ExecutionGraphQlResponse> execute(ExecutionGraphQlRequest request) {
        CatalogVersion version = live.current();
        request.configureExecutionInput(
                (input, builder) -> builder.graphQLContext(context -> context.put(CatalogVersion.class, version))
                        .build());
        return version.execution().execute(request);
    }
}
