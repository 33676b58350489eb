package org.govshare.gateway.console;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code govshare.console.*}: where the console signs users in. The console is a public OAuth2 client (no secret,
 * PKCE) of the issuer the gateway trusts; the issuer must put the user's {@code gateway.admin} or
 * {@code steward:<source>} scopes and the gateway's audience into the access tokens it issues to this client. The
 * demo profile points these at the embedded issuer; elsewhere they name the operator's issuer.
 */
@ConfigurationProperties("govshare.console")
public class ConsoleProperties {
    private String clientId = "govshare-console";
    private @Nullable String authorizationUri;
    private @Nullable String tokenUri;
    private @Nullable String logoutUri;
    private List<String> scopes = new ArrayList<>(List.of("govshare.console"));
    private List<String> redirectUris = new ArrayList<>();

    /** The console's client id at the issuer. */
    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    /** The issuer's authorization endpoint (absolute, or a path on the gateway for the demo issuer). */
    public @Nullable String getAuthorizationUri() {
        return authorizationUri;
    }

    public void setAuthorizationUri(@Nullable String authorizationUri) {
        this.authorizationUri = authorizationUri;
    }

    /** The issuer's token endpoint; the browser posts to it, so it must allow the gateway's origin (CORS). */
    public @Nullable String getTokenUri() {
        return tokenUri;
    }

    public void setTokenUri(@Nullable String tokenUri) {
        this.tokenUri = tokenUri;
    }

    /** Where "sign out" sends the browser after forgetting the token: the issuer's logout page, if it has one. */
    public @Nullable String getLogoutUri() {
        return logoutUri;
    }

    public void setLogoutUri(@Nullable String logoutUri) {
        this.logoutUri = logoutUri;
    }

    /** The scopes the console asks for. */
    public List<String> getScopes() {
        return scopes;
    }

    public void setScopes(List<String> scopes) {
        this.scopes = scopes;
    }

    /**
     * The exact redirect URIs the demo issuer registers for the console ({@code <gateway>/console/}); when empty, the
     * gateway's own port at {@code 127.0.0.1}, {@code localhost} and {@code [::1]}. Outside the demo the operator
     * registers the console's exact redirect URI with its own issuer.
     */
    public List<String> getRedirectUris() {
        return redirectUris;
    }

    public void setRedirectUris(List<String> redirectUris) {
        this.redirectUris = redirectUris;
    }
}
