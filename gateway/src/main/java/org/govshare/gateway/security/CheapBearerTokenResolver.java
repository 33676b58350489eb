package org.govshare.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Reads the bearer token from the {@code Authorization} header only (never from parameters or the body), checking
 * its characters against RFC 6750's {@code b64token} with a plain loop: the default resolver's case-insensitive
 * regular expression cost a tenth of a key lookup's CPU time on tokens of a kilobyte.
 */
final class CheapBearerTokenResolver implements BearerTokenResolver {
    private static final String PREFIX = "bearer ";

    @Override
    public @Nullable String resolve(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String token = header.substring(PREFIX.length());
        int end = token.length();
        while (end > 0 && token.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            throw malformed();
        }
        for (int i = 0; i < end; i++) {
            char c = token.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || c == '+'
                    || c == '/';
            if (!allowed) {
                throw malformed();
            }
        }
        return token;
    }

    private static OAuth2AuthenticationException malformed() {
        BearerTokenError error = BearerTokenErrors.invalidToken("Bearer token is malformed");
        return new OAuth2AuthenticationException(error);
    }
}
