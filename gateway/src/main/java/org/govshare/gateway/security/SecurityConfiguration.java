package org.govshare.gateway.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.govshare.gateway.access.Roles;
import org.govshare.gateway.audit.AdministrativeRecords;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.web.RequestErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Every API call (GraphQL, and the verification jobs at {@code /jobs}) needs a valid bearer token; the admin endpoint
 * also needs {@code gateway.admin} or a steward scope.
 * GraphiQL and its assets are public pages (they hold no data; the token goes in GraphiQL's headers), and so is the
 * health status (statuses only, no details) for load balancers; the Prometheus metrics need {@code gateway.admin}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    private static final BearerTokenAccessDeniedHandler INSUFFICIENT_SCOPE = new BearerTokenAccessDeniedHandler();

    /**
     * The API's chain comes first (its paths are disjoint from the issuer's, the sign-in's and the console's), so a
     * data request is matched once instead of against every other chain's matchers; it keeps no session, so it has
     * no logout, no saved request and no servlet API wrapper either.
     */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Order(-1)
    SecurityFilterChain api(HttpSecurity http, JwtDecoder decoder, ObjectProvider<AdministrativeRecords> audit)
            throws Exception {
        GraphQlAuthenticationEntryPoint entryPoint = new GraphQlAuthenticationEntryPoint();
        http.securityMatcher("/graphql", "/graphql/**", "/admin/**", "/jobs", "/jobs/**", "/actuator/prometheus")
                .authorizeHttpRequests(requests -> requests.requestMatchers("/actuator/prometheus")
                        .hasAuthority("SCOPE_gateway.admin")
                        .requestMatchers("/admin/**")
                        .access((authentication, context) -> new AuthorizationDecision(
                                Roles.of(authentication.get().getAuthorities()).any()))
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenResolver(new CheapBearerTokenResolver())
                        .jwt(jwt -> jwt.decoder(decoder))
                        .authenticationEntryPoint(entryPoint))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler((request, response, denied) ->
                                insufficientScope(request, response, denied, audit.getIfAvailable())))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .servletApi(servletApi -> servletApi.disable())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * Health is open to anyone (a load balancer has no token): the status of the gateway and of each component. A
     * caller with {@code gateway.admin} also sees the details: each source's state, Redis and the control plane.
     */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Order(0)
    SecurityFilterChain health(HttpSecurity http, JwtDecoder decoder) throws Exception {
        GraphQlAuthenticationEntryPoint entryPoint = new GraphQlAuthenticationEntryPoint();
        http.securityMatcher("/actuator/health", "/actuator/health/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenResolver(new CheapBearerTokenResolver())
                        .jwt(jwt -> jwt.decoder(decoder))
                        .authenticationEntryPoint(entryPoint))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * GraphiQL's page and assets, and the error responses of every other chain (an error dispatch renders the refusal
     * of a request that chain admitted); anything else does not exist for a client: 404 with a GraphQL error, the same
     * for a path that is there but not public as for one that is not there at all.
     */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Order(3)
    SecurityFilterChain publicPages(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/graphiql", "/graphiql/**", "/webjars/**")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, failure) -> notFound(request, response))
                        .accessDeniedHandler((request, response, denied) -> notFound(request, response)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * A valid token without the scope the path needs: 403 with the standard challenge and a GraphQL error. A refused
     * call of the admin API is on the audit trail like every admin operation (its body is never read: the record
     * names the caller and the refusal only).
     */
    private static void insufficientScope(
            HttpServletRequest request,
            HttpServletResponse response,
            AccessDeniedException denied,
            @org.jspecify.annotations.Nullable AdministrativeRecords audit)
            throws IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (audit != null && caller != null && request.getRequestURI().startsWith("/admin/")) {
            try {
                audit.record(
                        caller.getName(),
                        request.getMethod() + " " + request.getRequestURI() + " refused: no admin role",
                        List.of(ErrorCode.FORBIDDEN_FIELD.name()));
            } catch (RuntimeException e) {
                // The refusal leaves all the same: it answers nothing that would need a record.
                log.warn("a refused admin API call could not be recorded: {}", e.getMessage());
            }
        }
        INSUFFICIENT_SCOPE.handle(request, response, denied);
        RequestErrors.write(
                request,
                response,
                HttpServletResponse.SC_FORBIDDEN,
                ErrorCode.FORBIDDEN_FIELD,
                "This endpoint needs the scope gateway.admin (or steward:<source> for the admin API)");
    }

    private static void notFound(HttpServletRequest request, HttpServletResponse response) throws IOException {
        RequestErrors.write(
                request,
                response,
                HttpServletResponse.SC_NOT_FOUND,
                ErrorCode.INVALID_ARGUMENT,
                "No such endpoint: GraphQL requests go to POST /graphql");
    }

    /**
     * Outside the demo: the operator's issuer (its keys from the JWK set URI, or found by discovery from the issuer
     * URI) and the audience, from configuration; {@code config.DeploymentSettings} has refused to start without them.
     * Each distinct token is verified once (see {@link CachingJwtDecoder}).
     */
    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties, ObjectProvider<DemoIssuer> demo) {
        DemoIssuer issuer = demo.getIfAvailable();
        JwtDecoder decoder;
        if (issuer != null) {
            decoder = TokenValidation.decoder(issuer.verificationKeys(), issuer.issuer(), properties.getAudience());
        } else if (blank(properties.getIssuerUri()) && blank(properties.getJwkSetUri())) {
            throw new IllegalStateException(
                    "govshare.security.issuer-uri or govshare.security.jwk-set-uri must name the trusted token issuer");
        } else {
            decoder = TokenValidation.decoder(
                    blank(properties.getJwkSetUri()) ? null : properties.getJwkSetUri(),
                    blank(properties.getIssuerUri()) ? null : properties.getIssuerUri(),
                    properties.getAudience());
        }
        // The wall clock, not the gateway's: the decoder behind the cache checks expiry on it, and both must agree.
        return new CachingJwtDecoder(decoder, Clock.systemUTC(), 100_000);
    }

    private static boolean blank(@org.jspecify.annotations.Nullable String value) {
        return value == null || value.isBlank();
    }

    /**
     * No observation per security filter: {@code management.observations.enable.spring.security=false} drops their
     * spans, but the filter chain stays wrapped filter by filter, which cost a tenth of a key lookup's CPU time. A
     * request is observed once, as an HTTP request.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Spring Security's firewall with the same rules for header names and values (no control characters, nothing
     * unassigned), checked by a loop instead of its regular expressions, which cost a tenth of a request's CPU time.
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(SecurityConfiguration::printable);
        firewall.setAllowedHeaderValues(SecurityConfiguration::printable);
        return firewall;
    }

    static boolean printable(String text) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.UNASSIGNED) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
