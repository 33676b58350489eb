package org.govshare.gateway.console;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The console's pages are public (they hold no data; the admin API checks every call's token) and run under a strict
 * Content Security Policy: scripts and styles only from the gateway, connections only to the gateway and the token
 * endpoint. The console keeps the user's access token in the tab's session storage, so no other script may run there.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurity {

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Order(2) // its paths are disjoint from the API's; before the catch-all of public pages
    SecurityFilterChain consolePageSecurity(HttpSecurity http, ConsoleProperties properties) throws Exception {
        String policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self'" + origin(properties.getTokenUri())
                + "; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
        http.securityMatcher("/console", "/console/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(policy)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** The origin of an absolute token endpoint, with a leading space; nothing for a path on the gateway. */
    static String origin(@Nullable String uri) {
        if (uri == null) {
            return "";
        }
        URI parsed = URI.create(uri);
        if (parsed.getScheme() == null || parsed.getHost() == null) {
            return "";
        }
        return " " + parsed.getScheme() + "://" + parsed.getRawAuthority();
    }
}
