package org.govshare.gateway.access;

import graphql.parser.ParserOptions;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Puts the {@link Caller} of each HTTP request into the GraphQL context: the token's subject and roles and the
 * purpose, case and operator headers, checked for form. Quotas and audit read the same record in later stages.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CallerInterceptor implements WebGraphQlInterceptor {
    public static final String PURPOSE_HEADER = "X-Purpose";
    public static final String CASE_HEADER = "X-Case-Id";
    public static final String OPERATOR_HEADER = "X-Operator-Id";
    private static final Pattern PURPOSE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    /**
     * Bounds on the document itself, enforced while parsing (beyond them: QUERY_TOO_COMPLEX). Installed as
     * graphql-java's default for operations: options put in a request's context did not reach the parser here.
     */
    static final ParserOptions PARSER_LIMITS = ParserOptions.getDefaultOperationParserOptions()
            .transform(options -> options.maxCharacters(100_000)
                    .maxTokens(5_000)
                    .maxWhitespaceTokens(50_000)
                    .maxRuleDepth(100));

    private static final Pattern REFERENCE = Pattern.compile("[\\p{L}\\p{N}._:/@-]{1,128}");

    public CallerInterceptor() {
        ParserOptions.setDefaultOperationParserOptions(PARSER_LIMITS);
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        Caller caller = caller(
                SecurityContextHolder.getContext().getAuthentication(),
                request.getHeaders().getFirst(PURPOSE_HEADER),
                request.getHeaders().getFirst(CASE_HEADER),
                request.getHeaders().getFirst(OPERATOR_HEADER));
        request.configureExecutionInput(
                (input, builder) -> builder.graphQLContext(context -> context.put(Caller.class, caller))
                        .build());
        return chain.next(request);
    }

    /**
     * The caller of a request from its authentication and headers; also used by the endpoints beside GraphQL
     * (verification jobs), so every entry point reads callers the same way.
     */
    public static Caller caller(
            @Nullable Authentication authentication,
            @Nullable String purpose,
            @Nullable String caseId,
            @Nullable String operatorId) {
        String consumer = "";
        Roles roles = Roles.NONE;
        String problem = null;
        if (authentication instanceof JwtAuthenticationToken token && token.isAuthenticated()) {
            consumer = token.getToken().getSubject() == null
                    ? ""
                    : token.getToken().getSubject();
            roles = Roles.of(token.getAuthorities());
        }
        // A malformed header value is never kept: the request is refused, and its audit record holds no value for
        // that header (the raw value may be of any length and hold anything).
        boolean purposeValid = purpose == null || PURPOSE.matcher(purpose).matches();
        boolean caseValid = caseId == null || REFERENCE.matcher(caseId).matches();
        boolean operatorValid =
                operatorId == null || REFERENCE.matcher(operatorId).matches();
        if (consumer.isEmpty()) {
            problem = "no authenticated consumer";
        } else if (!purposeValid) {
            problem = PURPOSE_HEADER + " must be a purpose code (A-Z, 0-9, _; at most 64)";
        } else if (!caseValid) {
            problem = CASE_HEADER + " must be 1 to 128 letters, digits or ._:/@-";
        } else if (!operatorValid) {
            problem = OPERATOR_HEADER + " must be 1 to 128 letters, digits or ._:/@-";
        }
        return new Caller(
                consumer,
                roles,
                purposeValid ? blankToNull(purpose) : null,
                caseValid ? caseId : null,
                operatorValid ? operatorId : null,
                problem);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
