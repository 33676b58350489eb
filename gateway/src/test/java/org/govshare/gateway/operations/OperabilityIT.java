package org.govshare.gateway.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.SourceStatementLog;
import org.govshare.gateway.testing.StatementLogConfiguration;
import org.govshare.gateway.testing.TestSupport;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What operators see: a trace with one span per source query inside the request's span, metrics in Prometheus format
 * (requests by outcome and code, source queries, plan cache), and an INTERNAL error whose correlation id is the trace
 * id that the request's log lines carry.
 */
@ActiveProfiles("demo")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "govshare.demo.residents=2000",
            "management.tracing.sampling.probability=1.0",
            TestSupport.TEST_GRANTS
        })
@Import({StatementLogConfiguration.class, OperabilityIT.Spans.class})
@ExtendWith(OutputCaptureExtension.class)
class OperabilityIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Keeps the spans the gateway exports. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Spans {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    InMemorySpanExporter spans;

    @Autowired
    SdkTracerProvider tracerProvider;

    @Autowired
    SourceStatementLog statements;

    @Autowired
    com.nimbusds.jose.jwk.source.JWKSource<com.nimbusds.jose.proc.SecurityContext> issuerKeys;

    @AfterEach
    void heal() {
        statements.heal();
    }

    private GraphQlHttpClient reader() {
        return GraphQlHttpClient.of(port, TestTokens.signed(issuerKeys, "read-path-suite"), "READ_PATH_TEST");
    }

    @Test
    void aRequestIsATraceWithASpanPerSourceQuery() {
        // Spans of earlier requests may still be on their way to the exporter: flush them out first.
        tracerProvider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
        spans.reset();
        reader().post("{ resident(idNumber: \"%s\") { name pension { status } } }".formatted(R1_ID));
        tracerProvider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);

        List<SpanData> finished = spans.getFinishedSpanItems();
        List<SpanData> queries = finished.stream()
                .filter(span -> span.getName().startsWith("query "))
                .toList();
        assertThat(queries).extracting(SpanData::getName).containsExactlyInAnyOrder("query police", "query hrss");
        SpanData police = queries.stream()
                .filter(span -> span.getName().equals("query police"))
                .findFirst()
                .orElseThrow();
        assertThat(police.getAttributes().get(AttributeKey.stringKey("source"))).isEqualTo("police");
        assertThat(police.getAttributes().get(AttributeKey.stringKey("db.statement")))
                .contains("?")
                .doesNotContain(R1_ID);
        SpanData request = finished.stream()
                .filter(span -> span.getSpanId().equals(police.getParentSpanId())
                        || span.getTraceId().equals(police.getTraceId())
                                && !span.getParentSpanContext().isValid())
                .findFirst()
                .orElseThrow();
        assertThat(queries).allMatch(span -> span.getTraceId().equals(request.getTraceId()));
    }

    @Test
    void theGatewayNotTheCallerDecidesWhichRequestsAreTracedAndKeepsTheCallersTrace() {
        tracerProvider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
        spans.reset();
        String callersTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        // The caller's traceparent says "not sampled"; at this test's probability of 1 the gateway traces the request
        // all the same (operations.EdgeSampler: the caller's flag does not decide), within the caller's trace.
        new GraphQlHttpClient(
                        port,
                        Map.of(
                                "Authorization", "Bearer " + TestTokens.signed(issuerKeys, "read-path-suite"),
                                "X-Purpose", "READ_PATH_TEST",
                                "traceparent", "00-" + callersTrace + "-00f067aa0ba902b7-00"))
                .post("{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID));
        tracerProvider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(spans.getFinishedSpanItems())
                .filteredOn(span -> span.getName().equals("query police"))
                .singleElement()
                .satisfies(span -> assertThat(span.getTraceId()).isEqualTo(callersTrace));
    }

    @Test
    void prometheusShowsRequestsByCodeSourceQueriesPoolsAndThePlanCache() {
        GraphQlHttpClient reader = reader();
        reader.post("{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID));
        reader.post("{ resident(idNumber: \"%s\") { salary } }".formatted(R1_ID));
        GraphQlHttpClient admin = GraphQlHttpClient.of(port, TestTokens.fromIssuer(port, "authority-admin"), null);

        HttpResponse<String> metrics =
                admin.send(HttpRequest.newBuilder(admin.endpoint().resolve("/actuator/prometheus"))
                        .header("Authorization", "Bearer " + TestTokens.fromIssuer(port, "authority-admin"))
                        .GET()
                        .build());
        HttpResponse<String> anonymous = new GraphQlHttpClient(port).get("/actuator/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("govshare_requests_total\\{[^}]*code=\"FORBIDDEN_FIELD\"[^}]*outcome=\"DENIED\"")
                .containsPattern("govshare_requests_total\\{[^}]*code=\"none\"[^}]*outcome=\"ALLOWED\"")
                .containsPattern("govshare_source_query_seconds_count\\{[^}]*source=\"police\"")
                .contains("govshare_plan_cache_requests_total{result=\"hit\"}")
                // Nothing waits for a processor slot once the requests above are answered.
                .contains("govshare_requests_queued 0.0")
                .containsPattern("hikaricp_connections_active\\{[^}]*pool=\"source-police\"")
                .containsPattern("hikaricp_connections_pending\\{[^}]*pool=\"source-hrss\"")
                // Made for sampled requests only (all of them here), so its timer would count a sample: not exported.
                .doesNotContain("graphql_request")
                // No long task timer per observed request; statements under way are counted per source.
                .doesNotContain("http_server_requests_active")
                .containsPattern("govshare_source_query_active_seconds[a-z_]*\\{[^}]*source=\"police\"");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void requestsAndSourceQueriesHaveLatencyHistogramsAndEveryGovshareMeterHasHelp() {
        exerciseEveryKindOfOperation();

        String metrics = scrape();

        assertThat(metrics)
                .contains("govshare_request_duration_seconds_bucket{kind=\"read\",outcome=\"ALLOWED\",le=\"0.005\"}")
                .contains("govshare_request_duration_seconds_bucket{kind=\"verify\",outcome=\"ALLOWED\",le=\"+Inf\"}")
                .contains("govshare_request_duration_seconds_bucket{kind=\"read\",outcome=\"DENIED\",le=\"+Inf\"}")
                .contains("govshare_request_duration_seconds_bucket{kind=\"workflow\",outcome=\"ALLOWED\",le=\"+Inf\"}")
                .contains(
                        "govshare_request_duration_seconds_bucket{kind=\"introspection\",outcome=\"ALLOWED\",le=\"1.0\"}")
                .containsPattern("govshare_source_query_seconds_bucket\\{[^}]*source=\"police\",le=\"0.01\"}")
                .containsPattern("govshare_source_query_seconds_bucket\\{[^}]*source=\"hrss\",le=\"\\+Inf\"}");
        List<String> help = metrics.lines()
                .filter(line -> line.startsWith("# HELP govshare_"))
                .toList();
        assertThat(help).hasSizeGreaterThanOrEqualTo(6);
        assertThat(help).allSatisfy(line -> assertThat(line.split(" ", 4))
                .as(line)
                .hasSize(4)
                .satisfies(parts -> assertThat(parts[3]).isNotBlank()));
    }

    @Test
    void everyKindOfQuotaRefusalIsCountedVerificationMismatchesIncluded() {
        exerciseEveryKindOfOperation();

        String metrics = scrape();

        assertThat(metrics)
                .containsPattern("govshare_quota_refusals_total\\{kind=\"MISMATCHES\"\\} [1-9]")
                .containsPattern("govshare_quota_refusals_total\\{kind=\"RATE\"\\} [1-9]");
    }

    @Test
    void theGrafanaDashboardQueriesOnlyMetersAndLabelsTheGatewayExports() throws java.io.IOException {
        exerciseEveryKindOfOperation();
        JsonNode dashboard = JSON.readTree(java.nio.file.Files.readString(
                java.nio.file.Path.of("").toAbsolutePath().getParent().resolve("docs/grafana/govshare.json")));
        Map<String, Set<String>> exported = exported(scrape());
        List<String> expressions = new ArrayList<>();
        dashboard.findValues("expr").forEach(expression -> expressions.add(expression.asString()));
        dashboard.at("/templating/list").forEach(variable -> {
            if (variable.has("definition")) {
                expressions.add(variable.get("definition").asString().replaceAll("^label_values\\((\\w+),.*", "$1"));
            }
        });

        assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);
        for (String expression : expressions) {
            Set<String> metrics = PromQl.metrics(expression);
            assertThat(metrics).as(expression).isNotEmpty();
            assertThat(exported.keySet()).as(expression).containsAll(metrics);
            Set<String> labels = new HashSet<>();
            metrics.forEach(metric -> labels.addAll(exported.get(metric)));
            // instance and job are added by Prometheus when it scrapes.
            labels.addAll(List.of("instance", "job"));
            assertThat(labels).as(expression).containsAll(PromQl.labels(expression));
        }
        assertThat(expressions)
                .anyMatch(expression -> expression.contains("govshare_request_duration_seconds_bucket"))
                .anyMatch(expression -> expression.contains("govshare_source_query_seconds_bucket"))
                .anyMatch(expression -> expression.contains("govshare_quota_refusals_total"));
    }

    /** Reads, a refused read, verifications until a subject's mismatches are used up, a rate refusal, workflow. */
    private void exerciseEveryKindOfOperation() {
        GraphQlHttpClient reader = reader();
        reader.post("{ resident(idNumber: \"%s\") { name pension { status } } }".formatted(R1_ID));
        reader.post("{ resident(idNumber: \"%s\") { salary } }".formatted(R1_ID));
        reader.post("{ catalog(search: \"退休\") { name } }");
        reader.post("{ __schema { queryType { name } } }");
        GraphQlHttpClient bank =
                GraphQlHttpClient.of(port, TestTokens.fromIssuer(port, "bank-kyc"), "ACCOUNT_OPENING_KYC");
        for (int i = 0; i < 7; i++) {
            bank.post("{ verifyResident(idNumber: \"441900195807210012\", claims: {name: \"王%d\"}) { outcome } }"
                    .formatted(i));
        }
        GraphQlHttpClient limited =
                GraphQlHttpClient.of(port, TestTokens.signed(issuerKeys, "quota-test"), "QUOTA_RATE");
        for (int i = 0; i < 30; i++) {
            limited.post("{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID));
        }
    }

    private String scrape() {
        HttpResponse<String> metrics = new GraphQlHttpClient(port)
                .send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .header("Authorization", "Bearer " + TestTokens.fromIssuer(port, "authority-admin"))
                        .GET()
                        .build());
        assertThat(metrics.statusCode()).isEqualTo(200);
        return metrics.body();
    }

    /** Each sample name of a scrape with the label names its samples carry. */
    private static Map<String, Set<String>> exported(String scrape) {
        Map<String, Set<String>> exported = new HashMap<>();
        java.util.regex.Pattern sample = java.util.regex.Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?");
        java.util.regex.Pattern label = java.util.regex.Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
        scrape.lines().filter(line -> !line.startsWith("#")).forEach(line -> {
            java.util.regex.Matcher matcher = sample.matcher(line);
            if (matcher.find()) {
                Set<String> labels = exported.computeIfAbsent(matcher.group(1), name -> new HashSet<>());
                if (matcher.group(3) != null) {
                    java.util.regex.Matcher labelName = label.matcher(matcher.group(3));
                    while (labelName.find()) {
                        labels.add(labelName.group(1));
                    }
                }
            }
        });
        return exported;
    }

    @Test
    void healthShowsEachComponentToAllAndEachSourceToTheAuthority() throws InterruptedException {
        statements.fail("hrss");
        GraphQlHttpClient anonymous = new GraphQlHttpClient(port);
        String authority = TestTokens.fromIssuer(port, "authority-admin");
        // Failed queries put hrss to rest once enough of its recent calls failed.
        HttpResponse<String> open = anonymous.get("/actuator/health");
        for (int i = 0; i < 40 && !open.body().contains("\"DEGRADED\""); i++) {
            reader().post("{ resident(idNumber: \"%s\") { pension { status } } }".formatted(R1_ID));
            open = anonymous.get("/actuator/health");
        }

        HttpResponse<String> detailed =
                anonymous.send(HttpRequest.newBuilder(anonymous.endpoint().resolve("/actuator/health"))
                        .header("Authorization", "Bearer " + authority)
                        .GET()
                        .build());
        HttpResponse<String> readiness = anonymous.get("/actuator/health/readiness");

        JsonNode status = JSON.readTree(open.body());
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(status.at("/status").asString()).isEqualTo("DEGRADED");
        assertThat(status.at("/components/sources/status").asString()).isEqualTo("DEGRADED");
        assertThat(status.at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(open.body()).doesNotContain("details").doesNotContain("hrss");
        JsonNode details = JSON.readTree(detailed.body());
        assertThat(details.at("/components/sources/details/hrss").asString()).startsWith("RESTING");
        assertThat(details.at("/components/sources/details/police").asString()).startsWith("AVAILABLE");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(readiness.body()).at("/components").propertyNames())
                .contains("readinessState", "db", "sources");
        awaitHrss();
    }

    /** Heals hrss and waits until it serves again, so that the next test finds it available. */
    private void awaitHrss() throws InterruptedException {
        statements.heal();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (reader().post("{ resident(idNumber: \"%s\") { pension { status } } }".formatted(R1_ID))
                        .has("errors")
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    @Test
    void anInternalErrorQuotesTheTraceIdThatItsLogLinesCarry(CapturedOutput output) {
        statements.breakWithABug("police");

        JsonNode response = reader().post("{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID));

        assertThat(response.at("/errors/0/extensions/code").asString()).isEqualTo("INTERNAL");
        String correlationId = response.at("/errors/0/extensions/correlationId").asString();
        assertThat(correlationId).matches("[0-9a-f]{32}");
        assertThat(response.toString()).doesNotContain("IllegalStateException").doesNotContain("test fault");
        assertThat(output.getAll()).contains("internal error " + correlationId).contains("test fault");
    }
}
