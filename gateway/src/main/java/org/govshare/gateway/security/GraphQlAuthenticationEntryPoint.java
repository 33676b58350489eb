package org.govshare.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.govshare.gateway.web.ClosingRefusal;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * A missing or invalid token: HTTP 401 with the standard {@code WWW-Authenticate} challenge, and a GraphQL error body
 * with the contract's {@code UNAUTHENTICATED} code. The body never says why the token was refused. The request's body
 * is never read: the connection closes after the answer (a client trickling a body held a worker thread while Tomcat
 * drained it).
 */
final class GraphQlAuthenticationEntryPoint implements AuthenticationEntryPoint {
    private static final byte[] BODY = ("{\"errors\":[{\"message\":\"Authentication required: a valid bearer token\","
                    + "\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}")
            .getBytes(StandardCharsets.UTF_8);

    private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        challenge.commence(request, response, failure);
        response.setHeader("Connection", "close");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(BODY);
        ClosingRefusal.endWithoutReadingTheBody(request);
    }
}
