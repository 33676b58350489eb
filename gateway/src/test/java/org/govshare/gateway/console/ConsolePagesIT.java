package org.govshare.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The console over plain HTTP: its page and settings are served by the gateway under a strict Content Security
 * Policy, and the demo issuer holds the console's client to PKCE and to exactly the gateway's own redirect URIs, with
 * a page that says so when a sign-in names another.
 */
@ActiveProfiles("demo")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "govshare.demo.residents=2000")
class ConsolePagesIT {
    @Value("${local.server.port}")
    int port;

    @Test
    void theConsoleIsServedWithAPolicyThatAdmitsOnlyTheGatewaysOwnScripts() {
        HttpResponse<String> bare = get("/console");
        HttpResponse<String> page = get("/console/");
        HttpResponse<String> settings = get("/console/config.json", "application/json");

        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location").orElse("")).endsWith("/console/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(settings.body())
                .contains("\"configured\":true", "\"clientId\":\"govshare-console\"")
                .contains("\"authorizationUri\":\"/oauth2/authorize\"", "\"tokenUri\":\"/oauth2/token\"");
    }

    @Test
    void theDemoIssuerRefusesTheConsoleWithoutPkceOrWithARedirectElsewhere() {
        String console = "http://127.0.0.1:" + port + "/console/";
        HttpResponse<String> withoutPkce = get(authorize(console, ""));
        HttpResponse<String> elsewhere = get(authorize("https://elsewhere.example/console/", challenge()));
        HttpResponse<String> proper = get(authorize(console, challenge()));

        assertThat(withoutPkce.statusCode()).isEqualTo(302);
        assertThat(withoutPkce.headers().firstValue("Location").orElse(""))
                .startsWith(console)
                .contains("error=invalid_request");
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.headers().firstValue("Location")).isEmpty();
        assertThat(proper.statusCode()).isEqualTo(302);
        assertThat(proper.headers().firstValue("Location").orElse("")).endsWith("/login");
    }

    @Test
    void theConsolesRedirectUrisAreExactlyTheGatewaysOwnAddresses() {
        int otherPort = port == 65535 ? port - 1 : port + 1;
        List<String> registered = List.of(
                "http://127.0.0.1:" + port + "/console/",
                "http://localhost:" + port + "/console/",
                "http://[::1]:" + port + "/console/");
        List<String> refused = List.of(
                "http://127.0.0.1:" + otherPort + "/console/",
                "http://[::1]:" + otherPort + "/console/",
                "http://localhost:" + otherPort + "/console/",
                "http://127.0.0.1/console/",
                "http://127.0.0.1:" + port + "/console/elsewhere",
                "http://127.0.0.1:" + port + "/console");

        for (String uri : registered) {
            HttpResponse<String> response = get(authorize(uri, challenge()));
            assertThat(response.statusCode()).as(uri).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElse(""))
                    .as(uri)
                    .endsWith("/login");
        }
        for (String uri : refused) {
            HttpResponse<String> response = get(authorize(uri, challenge()));
            assertThat(response.statusCode()).as(uri).isEqualTo(400);
            assertThat(response.headers().firstValue("Location")).as(uri).isEmpty();
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(response.body())
                    .as(uri)
                    .contains("The address to return to after signing in is not registered")
                    .contains(registered.get(0));
        }
        HttpResponse<String> noRedirect =
                get("/oauth2/authorize?response_type=code&client_id=govshare-console&scope=govshare.console&state=s1"
                        + challenge());
        assertThat(noRedirect.statusCode()).isEqualTo(400);
        assertThat(noRedirect.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void onlyTheConsolesOwnPageSignsOutWithOneClick() {
        HttpResponse<String> fromTheConsole = send(HttpRequest.newBuilder(uri("/logout"))
                .header("Sec-Fetch-Site", "same-origin")
                .GET()
                .build());
        HttpResponse<String> fromAnotherSite = send(HttpRequest.newBuilder(uri("/logout"))
                .header("Sec-Fetch-Site", "cross-site")
                .GET()
                .build());

        assertThat(fromTheConsole.statusCode()).isEqualTo(302);
        assertThat(fromTheConsole.headers().firstValue("Location").orElse("")).endsWith("/console/");
        assertThat(fromAnotherSite.statusCode()).isEqualTo(200);
        assertThat(fromAnotherSite.body()).contains("Are you sure you want to log out?");
    }

    private static String challenge() {
        return "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
    }

    private static String authorize(String redirectUri, String pkce) {
        return "/oauth2/authorize?response_type=code&client_id=govshare-console&scope=govshare.console&state=s1"
                + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8) + pkce;
    }

    private HttpResponse<String> get(String path) {
        return get(path, "text/html");
    }

    private HttpResponse<String> get(String path, String accept) {
        return send(
                HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        // The plain client follows no redirect: the tests read where each one points.
        return new GraphQlHttpClient(port).send(request);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
