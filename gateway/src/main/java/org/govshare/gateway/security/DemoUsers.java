package org.govshare.gateway.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.govshare.gateway.console.ConsoleProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

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
     * endpoint. After signing out the browser returns to the console.
     */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Order(0)
    SecurityFilterChain demoSignIn(HttpSecurity http) throws Exception {
        http.securityMatcher("/login", "/logout", "/default-ui.css")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .formLogin(form -> form.defaultSuccessUrl("/console/"))
                .logout(logout -> logout.logoutSuccessUrl("/console/"));
        return http.build();
    }

    /** The console: a public client (no secret) that must prove its code with PKCE, redirecting back to itself. */
    static RegisteredClient consoleClient(ConsoleProperties console) {
        return RegisteredClient.withId(console.getClientId())
                .clientId(console.getClientId())
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUris(uris -> uris.addAll(console.getRedirectUris()))
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
