package org.govshare.loadtest;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.gateway.GovshareApplication;
import org.govshare.gateway.access.Caller;
import org.govshare.gateway.audit.AuditEntry;
import org.govshare.gateway.audit.AuditLog;
import org.govshare.loadtest.data.SampleIds;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.ExecutionGraphQlResponse;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.LinkedMultiValueMap;

/**
 * What audit and quotas cost per request: closed-loop throughput of the same key lookup with both on (the
 * gateway's whole interceptor chain: the record written durably to PostgreSQL with group commit before the response,
 * rate and distinct-subject counters in Redis) against both off (the same execution without the audit interceptor,
 * for a caller whose grant has no quotas), interleaved rounds in one JVM on one run; then the audit store's capacity:
 * records per second appended by many threads at once.
 *
 * <p>Needs the local PostgreSQL and Redis (see {@code .ci/run}). {@code ./mvnw -B -Pbenchmark -pl load-tests -am
 * verify}.
 */
public final class AuditQuotaBenchmark {
    private static final String DATABASE = "govshare_bench_audit";
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String DOCUMENT = "query($id: ID!) { resident(idNumber: $id) { name birthDate regionCode } }";
    private static final String AUDIT_KEY = "YmVuY2htYXJrLW9ubHktYXVkaXQta2V5LTMyLWJ5dGVzIQ==";
    private static final Caller FREE =
            new Caller("bench-free", Set.of("govshare.query"), "BENCHMARK", "bench-case", "bench", null);

    private AuditQuotaBenchmark() {}

    /** A measured side: requests per second and latency of one round. */
    private record Round(double throughput, Histogram latency) {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        PrintStream out = System.out;
        out.printf(
                Locale.ROOT,
                "audit/quota benchmark: %d threads, %d rounds x %d s per side, %,d residents%n",
                options.threads,
                options.rounds,
                options.secondsPerRound,
                options.residents);
        recreateDatabase();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GovshareApplication.class)
                .run(
                        "--server.port=0",
                        "--govshare.demo.residents=" + options.residents,
                        "--spring.datasource.url=" + POSTGRES + DATABASE,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.hikari.maximum-pool-size=8",
                        "--spring.flyway.locations=classpath:db/migration/policy,classpath:db/migration/audit,"
                                + "classpath:db/demo,classpath:db/bench-audit",
                        "--govshare.audit.key=" + AUDIT_KEY,
                        "--govshare.quotas.redis-url=redis://127.0.0.1:6379",
                        "--govshare.quotas.redis-key-prefix=bench-" + UUID.randomUUID(),
                        "--logging.level.root=WARN",
                        "--logging.level.org.govshare.gateway.demo=INFO");
        ExecutorService workers = Executors.newFixedThreadPool(options.threads);
        try {
            WebGraphQlHandler web = context.getBean(WebGraphQlHandler.class);
            ExecutionGraphQlService graphQl = context.getBean(ExecutionGraphQlService.class);
            AuditLog auditLog = context.getBean(AuditLog.class);
            List<String> ids = SampleIds.from(
                    context.getBean(SourceRegistry.class).source("police").dataSource(), 10_000);

            out.println("warm-up …");
            run(workers, options.threads, options.warmupSeconds, ids, id -> withAuditAndQuotas(web, id));
            run(workers, options.threads, options.warmupSeconds, ids, id -> without(graphQl, id));

            List<Round> on = new ArrayList<>();
            List<Round> off = new ArrayList<>();
            long writtenBefore = auditLog.writtenRecords();
            long batchesBefore = auditLog.committedBatches();
            for (int round = 1; round <= options.rounds; round++) {
                // Alternate which side goes first, so drift in the machine hits both alike.
                boolean onFirst = round % 2 == 1;
                for (int side = 0; side < 2; side++) {
                    boolean audited = onFirst == (side == 0);
                    Round result = audited
                            ? run(
                                    workers,
                                    options.threads,
                                    options.secondsPerRound,
                                    ids,
                                    id -> withAuditAndQuotas(web, id))
                            : run(workers, options.threads, options.secondsPerRound, ids, id -> without(graphQl, id));
                    (audited ? on : off).add(result);
                }
                out.printf(
                        Locale.ROOT,
                        "round %d/%d: on %.0f req/s (p50 %.2f ms), off %.0f req/s (p50 %.2f ms), ratio %.3f%n",
                        round,
                        options.rounds,
                        on.get(round - 1).throughput(),
                        on.get(round - 1).latency().getValueAtPercentile(50) / 1e6,
                        off.get(round - 1).throughput(),
                        off.get(round - 1).latency().getValueAtPercentile(50) / 1e6,
                        on.get(round - 1).throughput() / off.get(round - 1).throughput());
            }
            double recordsPerBatch = (double) (auditLog.writtenRecords() - writtenBefore)
                    / Math.max(1, auditLog.committedBatches() - batchesBefore);

            out.println("audit store capacity …");
            double appendRate = appendCapacity(auditLog, workers, options.threads, options.secondsPerRound);

            String report = report(options, on, off, recordsPerBatch, appendRate);
            out.println();
            out.println(report);
            Files.createDirectories(options.output.toAbsolutePath().getParent());
            Files.writeString(options.output, report, StandardCharsets.UTF_8);
            out.println("written to " + options.output);
        } finally {
            workers.shutdownNow();
            context.close();
        }
    }

    /** A request through the gateway's whole chain: caller, audit (durable before the answer), quotas, errors. */
    private static void withAuditAndQuotas(WebGraphQlHandler web, String id) {
        Jwt jwt = Jwt.withTokenValue("benchmark")
                .header("alg", "RS256")
                .subject("bench-quotas")
                .claim("scope", "govshare.query")
                .build();
        SecurityContextHolder.getContext()
                .setAuthentication(
                        new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority("SCOPE_govshare.query"))));
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Purpose", "BENCHMARK");
        headers.set("X-Case-Id", "bench-case");
        headers.set("X-Operator-Id", "bench");
        WebGraphQlRequest request = new WebGraphQlRequest(
                URI.create("http://127.0.0.1/graphql"),
                headers,
                new LinkedMultiValueMap<>(),
                InetSocketAddress.createUnresolved("127.0.0.1", 0),
                Map.of(),
                Map.of("query", DOCUMENT, "variables", Map.of("id", id)),
                UUID.randomUUID().toString(),
                Locale.ROOT);
        WebGraphQlResponse response = web.handleRequest(request).block(Duration.ofSeconds(10));
        check(response);
    }

    /** The same execution without the audit interceptor, for a caller without quotas. */
    private static void without(ExecutionGraphQlService graphQl, String id) {
        DefaultExecutionGraphQlRequest request = new DefaultExecutionGraphQlRequest(
                DOCUMENT, null, Map.of("id", id), Map.of(), UUID.randomUUID().toString(), null);
        request.configureExecutionInput(
                (input, builder) -> builder.graphQLContext(context -> context.put(Caller.class, FREE))
                        .build());
        check(graphQl.execute(request).block(Duration.ofSeconds(10)));
    }

    private static void check(ExecutionGraphQlResponse response) {
        if (response == null || !response.isValid() || !response.getErrors().isEmpty()) {
            throw new IllegalStateException("request failed: " + (response == null ? null : response.getErrors()));
        }
    }

    /** One request of a side. */
    @FunctionalInterface
    private interface Request {
        void send(String id) throws Exception;
    }

    /** {@code threads} clients back to back for {@code seconds}: requests per second and latency. */
    private static Round run(ExecutorService workers, int threads, int seconds, List<String> ids, Request request)
            throws Exception {
        Recorder recorder = new Recorder(3);
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        long started = System.nanoTime();
        for (int thread = 0; thread < threads; thread++) {
            int offset = thread * 997;
            clients.add(CompletableFuture.runAsync(
                    () -> {
                        for (int i = offset; !stop.get(); i++) {
                            long t0 = System.nanoTime();
                            try {
                                request.send(ids.get(i % ids.size()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            recorder.recordValue(System.nanoTime() - t0);
                            done.increment();
                        }
                    },
                    workers));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
        double elapsed = (System.nanoTime() - started) / 1e9;
        return new Round(done.sum() / elapsed, recorder.getIntervalHistogram());
    }

    /** Records per second the audit log commits with {@code threads} writers appending back to back. */
    private static double appendCapacity(AuditLog auditLog, ExecutorService workers, int threads, int seconds)
            throws Exception {
        long before = auditLog.writtenRecords();
        long started = System.nanoTime();
        run(workers, threads, seconds, List.of("x"), ignored -> auditLog.append(new AuditEntry(
                        Instant.now().truncatedTo(ChronoUnit.MICROS),
                        "bench-append",
                        "BENCHMARK",
                        "bench-case",
                        "bench",
                        "{resident(idNumber:\"\"){name}}",
                        "0".repeat(64),
                        List.of("Query.resident:READ", "Resident.name:READ"),
                        List.of("a".repeat(64)),
                        new TreeMap<>(Map.of("police", 1L)),
                        AuditEntry.Outcome.ALLOWED,
                        List.of(),
                        100))
                .join());
        return (auditLog.writtenRecords() - before) / ((System.nanoTime() - started) / 1e9);
    }

    private static String report(
            Options options, List<Round> on, List<Round> off, double recordsPerBatch, double appendRate) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < on.size(); i++) {
            ratios.add(on.get(i).throughput() / off.get(i).throughput());
        }
        List<Double> sorted = new ArrayList<>(ratios);
        Collections.sort(sorted);
        double ratio = sorted.get(sorted.size() / 2);
        Histogram onLatency = new Histogram(3);
        Histogram offLatency = new Histogram(3);
        on.forEach(round -> onLatency.add(round.latency()));
        off.forEach(round -> offLatency.add(round.latency()));
        StringBuilder report = new StringBuilder();
        report.append("## Audit and quotas: cost per request\n\n");
        report.append(String.format(
                Locale.ROOT,
                "%s, %d cores, Java %s. Key lookup `resident(idNumber) { name birthDate regionCode }` on embedded H2"
                        + " (%,d residents), control plane and audit trail on the local PostgreSQL, quota counters in"
                        + " the local Redis; %d client threads back to back, %d interleaved rounds of %d s per side.%n%n",
                LocalDate.now(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                options.residents,
                options.threads,
                options.rounds,
                options.secondsPerRound));
        report.append("| side | throughput (median of rounds) | p50 | p99 |\n|---|---|---|---|\n");
        report.append(String.format(
                Locale.ROOT,
                "| audit + quotas on (record durable before the response; rate and distinct-subject counters in"
                        + " Redis) | %.0f req/s | %.2f ms | %.2f ms |%n",
                median(on.stream().map(Round::throughput).toList()),
                onLatency.getValueAtPercentile(50) / 1e6,
                onLatency.getValueAtPercentile(99) / 1e6));
        report.append(String.format(
                Locale.ROOT,
                "| off (same execution, no audit interceptor, caller without quotas) | %.0f req/s | %.2f ms |"
                        + " %.2f ms |%n",
                median(off.stream().map(Round::throughput).toList()),
                offLatency.getValueAtPercentile(50) / 1e6,
                offLatency.getValueAtPercentile(99) / 1e6));
        report.append(String.format(
                Locale.ROOT,
                "%nThroughput ratio on ÷ off: **%.3f** (median of %d round ratios; spread %.3f … %.3f). Target ≥ 0.85:"
                        + " %s.%n",
                ratio,
                sorted.size(),
                sorted.get(0),
                sorted.get(sorted.size() - 1),
                ratio >= 0.85 ? "met" : String.format(Locale.ROOT, "MISSED by %.3f", 0.85 - ratio)));
        report.append(String.format(
                Locale.ROOT,
                "Group commit during the \"on\" rounds: %.1f records per transaction on average.%n",
                recordsPerBatch));
        report.append(String.format(
                Locale.ROOT,
                "Audit store capacity: **%.0f records/s** committed with %d writers appending back to back (each"
                        + " waiting for its record to be durable).%n",
                appendRate,
                options.threads));
        report.append(
                "\nReproduce: `./mvnw -B -Pbenchmark -pl load-tests -am verify` (local PostgreSQL and Redis up)\n");
        return report.toString();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void recreateDatabase() throws SQLException {
        try (Connection postgres = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                Statement statement = postgres.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }

    private record Options(
            int residents, int threads, int rounds, int secondsPerRound, int warmupSeconds, Path output) {
        static Options parse(String[] args) {
            int residents = 100_000;
            int threads = 16;
            int rounds = 7;
            int seconds = 10;
            int warmup = 20;
            Path output = Path.of("load-tests/results/audit-quotas.md");
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--residents" -> residents = Integer.parseInt(args[i + 1]);
                    case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                    case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                    case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                    case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                    case "--output" -> output = Path.of(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(residents, threads, rounds, seconds, warmup, output);
        }
    }
}
