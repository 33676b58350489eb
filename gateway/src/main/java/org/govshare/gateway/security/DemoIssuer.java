package org.govshare.gateway.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.govshare.gateway.console.ConsoleProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The demo token issuer (demo profile only): Spring Authorization Server issuing client-credentials tokens at
 * {@code POST /oauth2/token} for the demo clients of DESIGN.md, each with secret {@code <client id>-secret}, and
 * authorization codes with PKCE to the console for its demo users ({@link DemoUsers}). Its signing key is made at start-up and never leaves the process. In production the gateway trusts the operator's issuer.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
public class DemoIssuer {
    /** Demo clients and their scopes. Data clients carry {@code govshare.query}; what they may read is in grants. */
    static final Map<String, List<String>> CLIENTS = Map.of(
            "dongguan-window", List.of("govshare.query"),
            "bank-kyc", List.of("govshare.query"),
            "street-office-441900", List.of("govshare.query"),
            "tax-bureau", List.of("govshare.query"),
            "pension-fund", List.of("govshare.query"),
            "civil-affairs-allowance", List.of("govshare.query"),
            "no-grant-app", List.of("govshare.query"),
            "authority-admin", List.of("gateway.admin"),
            "hrss-steward", List.of("steward:hrss"));

    /** The demo issuer's name ({@code iss} of its tokens). */
    public static final String ISSUER = "http://govshare-demo-issuer";

    private final JWKSource<SecurityContext> keys;
    private final JWKSource<SecurityContext> verificationKeys;
    private final String issuer;

    public DemoIssuer(SecurityProperties properties) throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString())
                .build();
        this.keys = new ImmutableJWKSet<>(new JWKSet(key));
        this.verificationKeys = new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()));
        // The demo trusts no issuer but its own (see config.DeploymentSettings), so its name is fixed.
        this.issuer = ISSUER;
    }

    /** The public half only: what the gateway's token check needs (a private key is converted on every use). */
    public JWKSource<SecurityContext> verificationKeys() {
        return verificationKeys;
    }

    public String issuer() {
        return issuer;
    }

    @Bean
    JWKSource<SecurityContext> demoJwkSource() {
        return keys;
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Order(1)
    SecurityFilterChain demoIssuerEndpoints(HttpSecurity http, RegisteredClientRepository clients) throws Exception {
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.authorizationEndpoint(endpoint -> endpoint.authenticationProviders(
                                    providers -> providers.forEach(ExactRedirectUris::enforce))
                            .errorResponseHandler(new SignInErrorPage(clients)));
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // A browser at the authorization endpoint signs in first (the console's users, see DemoUsers).
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * Demo secrets are stored as given ({@code {noop}}); the standard encoder would re-hash each with BCrypt after
     * every token request ("upgrade"), which costs a tenth of a second of CPU each time and buys nothing here.
     */
    @Bean
    PasswordEncoder demoClientSecrets() {
        PasswordEncoder standard = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return standard.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return standard.matches(raw, encoded);
            }

            @Override
            public boolean upgradeEncoding(String encoded) {
                return false;
            }
        };
    }

    @Bean
    AuthorizationServerSettings demoIssuerSettings() {
        return AuthorizationServerSettings.builder().issuer(issuer).build();
    }

    @Bean
    RegisteredClientRepository demoClients() {
        List<RegisteredClient> clients = new ArrayList<>(CLIENTS.entrySet().stream()
                .map(client -> RegisteredClient.withId(client.getKey())
                        .clientId(client.getKey())
                        .clientSecret("{noop}" + client.getKey() + "-secret")
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                        .scopes(scopes -> scopes.addAll(client.getValue()))
                        .tokenSettings(TokenSettings.builder()
                                .accessTokenTimeToLive(Duration.ofHours(1))
                                .build())
                        .build())
                .toList());
        // The console is registered once the gateway's port is known (DemoUsers#consoleRegistration).
        return new InMemoryRegisteredClientRepository(clients);
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> demoTokenAudience(
            SecurityProperties properties, ConsoleProperties console) {
        return context -> {
            // Tokens name the gateway as their audience, so a token minted for another service is refused here.
            context.getClaims().audience(List.of(properties.getAudience()));
            // A console token carries the signed-in user's scopes, not the console's.
            if (context.getRegisteredClient().getClientId().equals(console.getClientId())) {
                context.getClaims().claim("scope", DemoUsers.scopesOf(context.getPrincipal()));
            } else if (context.getAuthorizedScopes().isEmpty()) {
                // A demo client that asks for no scope gets the scopes it is registered with.
                context.getClaims()
                        .claim(
                                "scope",
                                List.copyOf(context.getRegisteredClient().getScopes()));
            }
        };
    }
}
