package org.govshare.loadtest;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
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
import org.govshare.gateway.audit.AuditEntry;
import org.govshare.gateway.audit.AuditInterceptor;
import org.govshare.gateway.audit.AuditLog;
import org.govshare.loadtest.data.SampleIds;
import org.govshare.loadtest.report.Spread;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.ExecutionGraphQlResponse;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
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
    /** The consumer whose grant has every quota on (limits too high to refuse), and the one whose grant has none. */
    private static final String QUOTAS = "bench-quotas";

    private static final String FREE = "bench-free";

    private AuditQuotaBenchmark() {}

    /** A measured side: requests per second and latency of one round. */
    /** A measured side: requests per second, latency, and this process's CPU time per request, of one round. */
    private record Round(double throughput, Histogram latency, double cpuMicrosPerRequest) {}

    /** Both sides' rounds at one concurrency. */
    private record Level(int threads, List<Round> on, List<Round> off, double recordsPerBatch) {
        List<Double> ratios() {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < on.size(); i++) {
                ratios.add(on.get(i).throughput() / off.get(i).throughput());
            }
            return ratios;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        PrintStream out = System.out;
        out.printf(
                Locale.ROOT,
                "audit/quota benchmark: %s client threads, %d rounds x %d s per side, %,d residents%n",
                options.threads,
                options.rounds,
                options.secondsPerRound,
                options.residents);
        recreateDatabase();
        int mostThreads = Collections.max(options.threads);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GovshareApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.profiles.active=demo",
                        "--govshare.demo.residents=" + options.residents,
                        "--spring.datasource.url=" + POSTGRES + DATABASE,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.hikari.maximum-pool-size=8",
                        "--spring.flyway.locations=classpath:db/migration/policy,classpath:db/migration/audit,"
                                + "classpath:db/demo,classpath:db/bench-audit",
                        "--govshare.audit.key=" + AUDIT_KEY,
                        "--govshare.quotas.redis-url=redis://127.0.0.1:6379",
                        "--govshare.quotas.redis-key-prefix=bench-" + UUID.randomUUID(),
                        // Many clients queue for the source's pool instead of being refused by its bulkhead (four
                        // times the pool by default), on both sides alike.
                        "--govshare.sources.police.maximum-concurrent-queries=" + (4 * mostThreads),
                        "--logging.level.root=WARN",
                        "--logging.level.org.govshare.gateway.demo=INFO");
        ExecutorService workers = Executors.newFixedThreadPool(mostThreads);
        try {
            WebGraphQlHandler audited = context.getBean(WebGraphQlHandler.class);
            // The gateway's own chain of interceptors (as Spring Boot builds it) without the audit interceptor.
            WebGraphQlHandler unaudited = WebGraphQlHandler.builder(context.getBean(ExecutionGraphQlService.class))
                    .interceptors(context.getBeanProvider(WebGraphQlInterceptor.class)
                            .orderedStream()
                            .filter(interceptor -> !(interceptor instanceof AuditInterceptor))
                            .toList())
                    .build();
            AuditLog auditLog = context.getBean(AuditLog.class);
            List<String> ids = SampleIds.from(
                    context.getBean(SourceRegistry.class).source("police").dataSource(), 10_000);
            Request on = id -> send(audited, QUOTAS, id);
            Request off = id -> send(unaudited, FREE, id);

            List<Level> levels = new ArrayList<>();
            for (int threads : options.threads) {
                out.printf(Locale.ROOT, "%d client threads: warm-up …%n", threads);
                run(workers, threads, options.warmupSeconds, ids, on);
                run(workers, threads, options.warmupSeconds, ids, off);
                List<Round> onRounds = new ArrayList<>();
                List<Round> offRounds = new ArrayList<>();
                long writtenBefore = auditLog.writtenRecords();
                long batchesBefore = auditLog.committedBatches();
                for (int round = 1; round <= options.rounds; round++) {
                    // Alternate which side goes first, so drift in the machine hits both alike.
                    boolean onFirst = round % 2 == 1;
                    for (int side = 0; side < 2; side++) {
                        boolean withAudit = onFirst == (side == 0);
                        Round result = run(workers, threads, options.secondsPerRound, ids, withAudit ? on : off);
                        (withAudit ? onRounds : offRounds).add(result);
                    }
                    out.printf(
                            Locale.ROOT,
                            "%d threads, round %d/%d: on %.0f req/s (p50 %.2f ms), off %.0f req/s (p50 %.2f ms),"
                                    + " ratio %.3f%n",
                            threads,
                            round,
                            options.rounds,
                            onRounds.get(round - 1).throughput(),
                            onRounds.get(round - 1).latency().getValueAtPercentile(50) / 1e6,
                            offRounds.get(round - 1).throughput(),
                            offRounds.get(round - 1).latency().getValueAtPercentile(50) / 1e6,
                            onRounds.get(round - 1).throughput()
                                    / offRounds.get(round - 1).throughput());
                }
                double recordsPerBatch = (double) (auditLog.writtenRecords() - writtenBefore)
                        / Math.max(1, auditLog.committedBatches() - batchesBefore);
                levels.add(new Level(threads, onRounds, offRounds, recordsPerBatch));
            }

            out.println("audit store capacity …");
            double appendRate = appendCapacity(auditLog, workers, mostThreads, options.secondsPerRound);

            String report = report(options, levels, appendRate, mostThreads);
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

    /**
     * A request through {@code handler} as {@code consumer}, the way the HTTP pipeline hands it over: authenticated
     * (the bearer token's check itself is left out on both sides), with the purpose, case and operator headers.
     */
    private static void send(WebGraphQlHandler handler, String consumer, String id) {
        Jwt jwt = Jwt.withTokenValue("benchmark")
                .header("alg", "RS256")
                .subject(consumer)
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
        check(handler.handleRequest(request).block(Duration.ofSeconds(10)));
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
        long cpuBefore = processCpuNanos();
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
        double cpuMicros = (processCpuNanos() - cpuBefore) / 1e3;
        return new Round(done.sum() / elapsed, recorder.getIntervalHistogram(), cpuMicros / done.sum());
    }

    /** CPU time of this JVM: gateway, clients, embedded sources, audit writer and Redis client alike. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
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

    private static String report(Options options, List<Level> levels, double appendRate, int appendThreads) {
        StringBuilder report = new StringBuilder();
        report.append("## Audit and quotas: cost per request\n\n");
        report.append(String.format(
                Locale.ROOT,
                "%s, %d cores, Java %s. Key lookup `resident(idNumber) { name birthDate regionCode }` on embedded H2"
                        + " (%,d residents), control plane and audit trail on the local PostgreSQL, quota counters in"
                        + " the local Redis. Both sides go through the gateway's own GraphQL interceptor chain in one"
                        + " JVM (authenticated caller, purpose and case headers, access decision, execution): **on**"
                        + " with the audit interceptor (the record durable in PostgreSQL, group commit, before the"
                        + " answer) as a consumer whose grant has every quota on (rate and distinct-subject counters"
                        + " in Redis, limits too high to refuse); **off** without the audit interceptor as a consumer"
                        + " whose grant has no quotas. Clients send back to back; %d interleaved rounds of %d s per"
                        + " side at each concurrency.%n%n",
                LocalDate.now(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                options.residents,
                options.rounds,
                options.secondsPerRound));
        report.append("| clients | on: req/s | on: p50 | on: p99 | off: req/s | off: p50 | off: p99 | ratio on ÷ off"
                + " (median; spread) | target ≥ 0.85 | CPU µs/req on | off | added | records per commit |\n");
        report.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Level level : levels) {
            Histogram onLatency = new Histogram(3);
            Histogram offLatency = new Histogram(3);
            level.on().forEach(round -> onLatency.add(round.latency()));
            level.off().forEach(round -> offLatency.add(round.latency()));
            Spread ratio = Spread.of(level.ratios());
            double median = ratio == null ? Double.NaN : ratio.median();
            double onCpu =
                    median(level.on().stream().map(Round::cpuMicrosPerRequest).toList());
            double offCpu =
                    median(level.off().stream().map(Round::cpuMicrosPerRequest).toList());
            report.append(String.format(
                    Locale.ROOT,
                    "| %d | %.0f | %.2f ms | %.2f ms | %.0f | %.2f ms | %.2f ms | **%.3f** (%.3f–%.3f) | %s | %.0f | %.0f |"
                            + " **%.0f** | %.1f |%n",
                    level.threads(),
                    median(level.on().stream().map(Round::throughput).toList()),
                    onLatency.getValueAtPercentile(50) / 1e6,
                    onLatency.getValueAtPercentile(99) / 1e6,
                    median(level.off().stream().map(Round::throughput).toList()),
                    offLatency.getValueAtPercentile(50) / 1e6,
                    offLatency.getValueAtPercentile(99) / 1e6,
                    median,
                    ratio == null ? Double.NaN : ratio.minimum(),
                    ratio == null ? Double.NaN : ratio.maximum(),
                    median >= 0.85 ? "met" : String.format(Locale.ROOT, "missed by %.3f", 0.85 - median),
                    onCpu,
                    offCpu,
                    onCpu - offCpu,
                    level.recordsPerBatch()));
        }
        report.append(String.format(
                Locale.ROOT,
                "%nWith few clients each one waits for its record's commit (a WAL flush) and the \"on\" side is bound by"
                        + " that latency, not by work; with many clients group commit shares each flush among the"
                        + " waiting requests. \"Added\" is the CPU time audit and quotas add to a request in this"
                        + " JVM (the median round's CPU time per request, on minus off); PostgreSQL's and Redis's own"
                        + " work is not in it. The off side's request is an in-memory H2 lookup without HTTP, so the"
                        + " ratio here is far below what the same added time costs a request over HTTP on real"
                        + " sources: compare the added CPU time with the gateway's CPU time per W1 request in"
                        + " `load-tests/RESULTS.md`.%n"));
        report.append(String.format(
                Locale.ROOT,
                "Audit store capacity: **%.0f records/s** committed with %d writers appending back to back (each"
                        + " waiting for its record to be durable).%n",
                appendRate,
                appendThreads));
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
            int residents, List<Integer> threads, int rounds, int secondsPerRound, int warmupSeconds, Path output) {
        static Options parse(String[] args) {
            int residents = 100_000;
            List<Integer> threads = List.of(16, 128);
            int rounds = 5;
            int seconds = 10;
            int warmup = 40;
            Path output = Path.of("load-tests/results/audit-quotas.md");
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--residents" -> residents = Integer.parseInt(args[i + 1]);
                    case "--threads" ->
                        threads = java.util.Arrays.stream(args[i + 1].split(","))
                                .map(Integer::valueOf)
                                .toList();
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
