package org.govshare.gateway.security;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code govshare.security.*}, outside the demo: the token issuer the gateway trusts ({@code issuer-uri}, which
 * tokens must carry as {@code iss} and whose keys are found by discovery, and/or {@code jwk-set-uri}, where it
 * publishes its keys) and the audience tokens must carry. The demo brings its own issuer and takes none of these.
 */
@ConfigurationProperties("govshare.security")
public class SecurityProperties {
    private @Nullable String issuerUri;
    private String audience = "govshare-gateway";
    private @Nullable String jwkSetUri;

    public @Nullable String getIssuerUri() {
        return issuerUri;
    }

    public void setIssuerUri(@Nullable String issuerUri) {
        this.issuerUri = issuerUri;
    }

    public String getAudience() {
        return audience;
    }

    public void setAudience(String audience) {
        this.audience = audience;
    }

    public @Nullable String getJwkSetUri() {
        return jwkSetUri;
    }

    public void setJwkSetUri(@Nullable String jwkSetUri) {
        this.jwkSetUri = jwkSetUri;
    }
}
