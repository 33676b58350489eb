package org.govshare.gateway.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every API call needs a valid bearer token; the admin endpoint also needs {@code gateway.admin} or a steward scope.
 * GraphiQL and its assets are public pages (they hold no data; the token goes in GraphiQL's headers), and so is the
 * health status (statuses only, no details) for load balancers.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, JwtDecoder decoder) throws Exception {
        GraphQlAuthenticationEntryPoint entryPoint = new GraphQlAuthenticationEntryPoint();
        http.securityMatcher("/graphql", "/graphql/**", "/admin/**")
                .authorizeHttpRequests(requests -> requests.requestMatchers("/admin/**")
                        .access((authentication, context) -> new AuthorizationDecision(
                                authentication.get().getAuthorities().stream().anyMatch(authority -> {
                                    String name = authority.getAuthority();
                                    return name.equals("SCOPE_gateway.admin") || name.startsWith("SCOPE_steward:");
                                })))
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(resourceServer ->
                        resourceServer.jwt(jwt -> jwt.decoder(decoder)).authenticationEntryPoint(entryPoint))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Order(3)
    SecurityFilterChain publicPages(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/graphiql", "/graphiql/**", "/webjars/**", "/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** Outside the demo: the operator's issuer, its key set, and the audience, from configuration. */
    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties, ObjectProvider<DemoIssuer> demo) {
        DemoIssuer issuer = demo.getIfAvailable();
        if (issuer != null) {
            return TokenValidation.decoder(issuer.keys(), issuer.issuer(), properties.getAudience());
        }
        if (properties.getIssuer().isBlank() || properties.getJwkSetUri() == null) {
            throw new IllegalStateException(
                    "govshare.security.issuer and govshare.security.jwk-set-uri must name the trusted token issuer");
        }
        return TokenValidation.decoder(properties.getJwkSetUri(), properties.getIssuer(), properties.getAudience());
    }
}
