package org.govshare.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The demo issuer's answer to an authorization request it refuses. An error it may send back to the client (a missing
 * PKCE challenge, say) goes to the client's redirect URI, as OAuth 2.0 prescribes and as Spring Authorization Server
 * does. One it must not send there (the redirect URI is not registered, the client is unknown) is shown to the person
 * in the browser: a page that says what is wrong and where the console signs in, instead of a bare status.
 */
final class SignInErrorPage implements AuthenticationFailureHandler {
    private final RegisteredClientRepository clients;

    SignInErrorPage(RegisteredClientRepository clients) {
        this.clients = clients;
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth
                ? oauth.getError()
                : new OAuth2Error("invalid_request");
        OAuth2AuthorizationCodeRequestAuthenticationToken authorization =
                exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException refused
                        ? refused.getAuthorizationCodeRequestAuthentication()
                        : null;
        if (authorization != null && authorization.getRedirectUri() != null) {
            response.sendRedirect(errorRedirect(authorization, error));
            return;
        }
        page(request, response, error);
    }

    /** The error at the client's (checked) redirect URI, with the request's state. */
    private static String errorRedirect(
            OAuth2AuthorizationCodeRequestAuthenticationToken authorization, OAuth2Error error) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(authorization.getRedirectUri())
                .queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
        if (error.getDescription() != null) {
            uri.queryParam(
                    OAuth2ParameterNames.ERROR_DESCRIPTION,
                    UriUtils.encode(error.getDescription(), StandardCharsets.UTF_8));
        }
        if (authorization.getState() != null) {
            uri.queryParam(
                    OAuth2ParameterNames.STATE, UriUtils.encode(authorization.getState(), StandardCharsets.UTF_8));
        }
        return uri.build(true).toUriString();
    }

    private void page(HttpServletRequest request, HttpServletResponse response, OAuth2Error error) throws IOException {
        String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
        String requested = request.getParameter(OAuth2ParameterNames.REDIRECT_URI);
        RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
        StringBuilder html = new StringBuilder("""
                <!doctype html>
                <html lang="zh-CN">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>无法登录 Sign-in refused · govshare</title>
                <link rel="stylesheet" href="/console/console.css">
                </head>
                <body>
                <main id="main" class="sign-in">
                <h1>无法登录 Sign-in refused</h1>
                """);
        boolean redirect =
                error.getDescription() != null && error.getDescription().endsWith(OAuth2ParameterNames.REDIRECT_URI);
        if (client == null) {
            html.append("<p class=\"message error\" id=\"problem\">签发方不认识此客户端。")
                    .append("The issuer does not know this client")
                    .append(clientId == null ? "" : ": <code>" + escape(clientId) + "</code>")
                    .append(".</p>\n");
        } else if (redirect) {
            html.append("<p class=\"message error\" id=\"problem\">登录完成后的返回地址未登记。")
                    .append("The address to return to after signing in is not registered for this client")
                    .append(requested == null ? "" : ": <code>" + escape(requested) + "</code>")
                    .append(".</p>\n<p>控制台的登记地址 The console signs in at:</p>\n<ul class=\"plain\">\n");
            for (String uri : new TreeSet<>(client.getRedirectUris())) {
                html.append("<li><a href=\"")
                        .append(escape(uri))
                        .append("\">")
                        .append(escape(uri))
                        .append("</a></li>\n");
            }
            html.append("</ul>\n<p class=\"hint\">其他地址（例如反向代理的域名）须由运维登记： ")
                    .append("An operator registers other addresses (a reverse proxy's, say) in ")
                    .append("<code>govshare.console.redirect-uris</code>.</p>\n");
        } else {
            html.append("<p class=\"message error\" id=\"problem\">登录请求无效。The sign-in request is not valid: <code>")
                    .append(escape(error.getErrorCode()))
                    .append(error.getDescription() == null ? "" : " " + escape(error.getDescription()))
                    .append("</code></p>\n");
        }
        html.append("</main>\n</body>\n</html>\n");
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(html.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, StandardCharsets.UTF_8.name());
    }
}
