package org.govshare.gateway.security;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code govshare.security.*}: the token issuer the gateway trusts, the audience tokens must carry, and (outside the
 * demo) where the issuer publishes its keys.
 */
@ConfigurationProperties("govshare.security")
public class SecurityProperties {
    private String issuer = "";
    private String audience = "govshare-gateway";
    private @Nullable String jwkSetUri;

    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
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
