package org.govshare.gateway.security;

import java.util.function.Consumer;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;

/**
 * The demo issuer matches a redirect URI exactly, as OAuth 2.0 Security Best Current Practice (RFC 9700, 2.1) asks.
 * Spring Authorization Server accepts any port on a loopback IP literal (for native apps on ephemeral ports), which
 * let a listener on another local port receive a signed-in administrator's code and redeem it with its own PKCE
 * verifier; the console is a web page at a known address and needs no such latitude. A request with no redirect URI
 * is refused too, so the code always goes back to an address that was named and checked.
 */
final class ExactRedirectUris {
    private static final Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> VALIDATOR = ((Consumer<
                            OAuth2AuthorizationCodeRequestAuthenticationContext>)
                    ExactRedirectUris::validate)
            .andThen(OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR);

    private ExactRedirectUris() {}

    /** Puts the exact check in place of the default one where {@code provider} validates authorization requests. */
    static void enforce(AuthenticationProvider provider) {
        if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider requests) {
            requests.setAuthenticationValidator(VALIDATOR);
        }
    }

    static void validate(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationToken authorization = context.getAuthentication();
        String requested = authorization.getRedirectUri();
        if (requested == null
                || !context.getRegisteredClient().getRedirectUris().contains(requested)) {
            // Without the request in the exception the endpoint does not redirect: the error is shown to the user.
            throw new OAuth2AuthorizationCodeRequestAuthenticationException(
                    new OAuth2Error(
                            OAuth2ErrorCodes.INVALID_REQUEST,
                            "OAuth 2.0 Parameter: " + OAuth2ParameterNames.REDIRECT_URI,
                            null),
                    null);
        }
    }
}
