package org.govshare.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The graphql-http server audit (the GraphQL-over-HTTP specification's own conformance checks, npm package
 * {@code graphql-http}) against the running gateway, with a consumer's token: every MUST and every SHOULD passes, and
 * the README's summary of the results is the one this run produces. The package is installed with npm into
 * {@code target/graphql-http/} (gitignored); without npm the test is skipped, loudly. CI has npm.
 */
@ActiveProfiles("demo")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "govshare.demo.residents=2000")
class GraphQlHttpAuditIT {
    private static final String GRAPHQL_HTTP = "graphql-http@1.23.1";
    private static final String GRAPHQL = "graphql@16.15.0";
    private static final Path INSTALL = Path.of("target", "graphql-http").toAbsolutePath();
    private static final String AUDIT = """
            import { auditServer } from 'graphql-http';
            const [url, token] = process.argv.slice(2);
            const fetchFn = (input, init = {}) => {
              const headers = new Headers(init.headers || {});
              headers.set('Authorization', 'Bearer ' + token);
              return fetch(input, { ...init, headers });
            };
            const results = await auditServer({ url, fetchFn });
            console.log(JSON.stringify(results.map((r) => ({ name: r.name, status: r.status, reason: r.reason }))));
            """;

    @Value("${local.server.port}")
    int port;

    @Test
    void everyMustAndShouldOfTheGraphQlOverHttpAuditPasses() throws Exception {
        install();
        Path script = INSTALL.resolve("audit.mjs");
        Files.writeString(script, AUDIT);
        String token = TestTokens.fromIssuer(port, "bank-kyc");

        String output = run(List.of("node", script.toString(), "http://127.0.0.1:" + port + "/graphql", token));
        JsonNode results = JsonMapper.builder()
                .build()
                .readTree(output.lines()
                        .filter(line -> line.startsWith("["))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no audit results in: " + output)));
        Map<String, int[]> byLevel = new TreeMap<>();
        StringBuilder failures = new StringBuilder();
        StringBuilder report = new StringBuilder();
        for (JsonNode result : results) {
            String name = result.get("name").asString();
            String level = name.substring(0, name.indexOf(' '));
            boolean ok = result.get("status").asString().equals("ok");
            int[] counts = byLevel.computeIfAbsent(level, key -> new int[2]);
            counts[0] += ok ? 1 : 0;
            counts[1]++;
            report.append(result.get("status").asString()).append('\t').append(name);
            if (!ok) {
                report.append("\t").append(result.path("reason").asString(""));
                if (!level.equals("MAY")) {
                    failures.append(name)
                            .append(": ")
                            .append(result.path("reason").asString(""))
                            .append('\n');
                }
            }
            report.append('\n');
        }
        Files.writeString(INSTALL.resolve("audit-results.txt"), report);
        String summary = "of its %d checks, **%d/%d MUST and %d/%d SHOULD pass**, and %d of %d MAY"
                .formatted(
                        results.size(),
                        byLevel.get("MUST")[0],
                        byLevel.get("MUST")[1],
                        byLevel.get("SHOULD")[0],
                        byLevel.get("SHOULD")[1],
                        byLevel.get("MAY")[0],
                        byLevel.get("MAY")[1]);

        assertThat(failures.toString()).as("MUST and SHOULD audits that failed").isEmpty();
        assertThat(byLevel.get("MUST")[1]).isPositive();
        assertThat(Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"))
                        .replaceAll("\\s+", " "))
                .as("the README's summary of the audit")
                .contains(summary);
    }

    /** graphql-http and its peer graphql, pinned, into the gitignored target/graphql-http. */
    private static void install() throws IOException, InterruptedException {
        if (Files.isDirectory(INSTALL.resolve("node_modules").resolve("graphql-http"))) {
            return;
        }
        boolean npm = new ProcessBuilder("sh", "-c", "command -v npm && command -v node")
                        .start()
                        .waitFor()
                == 0;
        if (!npm) {
            System.err.println("*** GraphQlHttpAuditIT SKIPPED: npm and node are not installed, so the graphql-http"
                    + " audit did not run. Install Node.js with npm (CI has it) to run it. ***");
        }
        Assumptions.assumeTrue(npm, "npm is not installed: the graphql-http audit did not run");
        Files.createDirectories(INSTALL);
        run(List.of(
                "npm",
                "install",
                "--prefix",
                INSTALL.toString(),
                "--no-audit",
                "--no-fund",
                "--silent",
                GRAPHQL_HTTP,
                GRAPHQL));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(INSTALL.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        assertThat(finished && process.exitValue() == 0)
                .as("%s: %s", String.join(" ", command), output)
                .isTrue();
        return output;
    }
}
