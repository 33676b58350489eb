package org.govshare.gateway.quota;

import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * Adds the HTTP {@code Retry-After} header when a quota refused the request (or part of it): the longest wait any of
 * its {@code QUOTA_EXCEEDED} errors names. The response itself stays a GraphQL response with status 200.
 */
public final class RetryAfterHeader implements WebGraphQlInterceptor, Ordered {
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        return chain.next(request).map(response -> {
            long retryAfter = 0;
            for (var error : response.getExecutionResult().getErrors()) {
                Map<String, Object> extensions = error.getExtensions();
                if (extensions != null
                        && "QUOTA_EXCEEDED".equals(extensions.get("code"))
                        && extensions.get("retryAfter") instanceof Number seconds) {
                    retryAfter = Math.max(retryAfter, seconds.longValue());
                }
            }
            if (retryAfter > 0) {
                response.getResponseHeaders().set("Retry-After", String.valueOf(retryAfter));
            }
            return response;
        });
    }
}
