package org.govshare.gateway.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * How every token is checked: signature by a key of the trusted issuer with RS256 or ES256 only (never {@code none},
 * never an HMAC that a public key could be confused with), issuer, audience, expiry and not-before.
 */
public final class TokenValidation {
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private TokenValidation() {}

    public static JwtDecoder decoder(JWKSource<SecurityContext> keys, String issuer, String audience) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(validator(issuer, audience));
        return decoder;
    }

    /**
     * A decoder for the operator's issuer: its keys from {@code jwkSetUri}, or, without one, from the JWK set the
     * issuer's discovery document ({@code <issuer>/.well-known/openid-configuration}) names, found at the first token
     * so that the gateway starts while the issuer is briefly away. {@code iss} is checked when {@code issuer} is given.
     */
    public static JwtDecoder decoder(@Nullable String jwkSetUri, @Nullable String issuer, String audience) {
        if (jwkSetUri == null && issuer == null) {
            throw new IllegalArgumentException("an issuer URI or a JWK set URI is needed");
        }
        NimbusJwtDecoder decoder = (jwkSetUri != null
                        ? NimbusJwtDecoder.withJwkSetUri(jwkSetUri)
                        : NimbusJwtDecoder.withIssuerLocation(java.util.Objects.requireNonNull(issuer)))
                .jwsAlgorithms(algorithms -> {
                    algorithms.add(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS256);
                    algorithms.add(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.ES256);
                })
                .build();
        decoder.setJwtValidator(validator(issuer, audience));
        return decoder;
    }

    static OAuth2TokenValidator<Jwt> validator(@Nullable String issuer, String audience) {
        OAuth2TokenValidator<Jwt> audienceValidator = jwt -> {
            List<String> audiences = jwt.getAudience();
            return audiences != null && audiences.contains(audience)
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "wrong audience", null));
        };
        OAuth2TokenValidator<Jwt> requiresExpiry = jwt -> jwt.getClaim(JwtClaimNames.EXP) != null
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "no expiry", null));
        List<OAuth2TokenValidator<Jwt>> validators = new java.util.ArrayList<>(
                List.of(new JwtTimestampValidator(Duration.ofSeconds(30)), requiresExpiry, audienceValidator));
        if (issuer != null) {
            validators.add(new JwtIssuerValidator(issuer));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }
}
