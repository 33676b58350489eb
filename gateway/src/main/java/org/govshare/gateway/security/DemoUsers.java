package org.govshare.gateway.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.govshare.gateway.console.ConsoleProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The demo issuer's people (demo profile only): users who sign in with a form at {@code /login}, each password
 * {@code <user>-password}, and the console's public client, which gets authorization codes for them with PKCE. A token
 * issued to the console carries the signed-in user's own admin scopes, whatever the console asked for, so the admin
 * API treats it exactly as the client-credentials token of the same name.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
public class DemoUsers {
    /** Demo users and their scopes, named as the demo clients with the same rights. */
    static final Map<String, List<String>> USERS = Map.of(
            "authority-admin", List.of("gateway.admin"),
            "hrss-steward", List.of("steward:hrss"));

    @Bean
    UserDetailsService demoUserAccounts() {
        return new InMemoryUserDetailsManager(USERS.entrySet().stream()
                .map(user -> User.withUsername(user.getKey())
                        .password("{noop}" + user.getKey() + "-password")
                        .authorities(user.getValue().toArray(String[]::new))
                        .build())
                .toList());
    }

    /**
     * The sign-in form and sign-out of the demo issuer: a browser session of its own, used only by the authorization
     * endpoint. Signing out is one click in the console: the console's own page navigates to {@code GET /logout},
     * which ends the session and returns to the console. A navigation from another site ({@code Sec-Fetch-Site}
     * other than {@code same-origin}, or none) gets Spring Security's confirmation form instead, so a foreign page
     * cannot sign the user out; a POST with the form's CSRF token signs out as well.
     */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Order(0)
    SecurityFilterChain demoSignIn(HttpSecurity http) throws Exception {
        RequestMatcher post = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/logout");
        RequestMatcher consoleGet = request -> "GET".equals(request.getMethod())
                && "/logout".equals(request.getRequestURI())
                && "same-origin".equals(request.getHeader("Sec-Fetch-Site"));
        http.securityMatcher("/login", "/logout", "/default-ui.css")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .formLogin(form -> form.defaultSuccessUrl("/console/"))
                .logout(logout -> logout.logoutRequestMatcher(new OrRequestMatcher(post, consoleGet))
                        .logoutSuccessUrl("/console/"));
        return http.build();
    }

    /**
     * Registers the console once the gateway's port is known (a random one in tests): a browser cannot reach the
     * issuer before that.
     */
    @Bean
    ApplicationListener<WebServerInitializedEvent> consoleRegistration(
            RegisteredClientRepository clients, ConsoleProperties console) {
        return event -> {
            if (event.getApplicationContext().getServerNamespace() == null
                    && clients instanceof InMemoryRegisteredClientRepository registered) {
                registered.save(consoleClient(
                        console, redirectUris(console, event.getWebServer().getPort())));
            }
        };
    }

    /**
     * The console's exact redirect URIs: those configured ({@code govshare.console.redirect-uris}), else the gateway's
     * own {@code /console/} on the port it listens on, at {@code 127.0.0.1}, {@code localhost} and {@code [::1]}. Never
     * "any port": a listener on another local port must not receive a signed-in user's code.
     */
    static List<String> redirectUris(ConsoleProperties console, int port) {
        if (!console.getRedirectUris().isEmpty()) {
            return List.copyOf(console.getRedirectUris());
        }
        return List.of("127.0.0.1", "localhost", "[::1]").stream()
                .map(host -> "http://" + host + ":" + port + "/console/")
                .toList();
    }

    /**
     * The console: a public client (no secret) that must prove its code with PKCE, redirecting back to itself at
     * exactly these addresses.
     */
    static RegisteredClient consoleClient(ConsoleProperties console, List<String> redirectUris) {
        return RegisteredClient.withId(console.getClientId())
                .clientId(console.getClientId())
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUris(uris -> uris.addAll(redirectUris))
                .scopes(scopes -> scopes.addAll(console.getScopes()))
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(Duration.ofMinutes(30))
                        .build())
                .build();
    }

    /** The admin scopes of the signed-in user; nothing else reaches a console token. */
    static List<String> scopesOf(Authentication user) {
        return user.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(name -> name != null && (name.equals("gateway.admin") || name.startsWith("steward:")))
                .sorted()
                .toList();
    }
}
