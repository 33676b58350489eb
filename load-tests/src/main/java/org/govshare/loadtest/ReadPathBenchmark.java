package org.govshare.loadtest;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.govshare.connector.plan.PlanCache;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.gateway.GovshareApplication;
import org.govshare.gateway.access.Caller;
import org.govshare.gateway.access.Roles;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.demo.DemoGrants;
import org.govshare.loadtest.data.SampleIds;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.Grant;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.ExecutionGraphQlResponse;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.support.DefaultExecutionGraphQlRequest;

/**
 * In-process cost of the read path. Runs the gateway's GraphQL execution for an authenticated caller (caller's
 * schema, access decision, parse/validate cache, plan-cache lookup, source query, masks, result) for a cached shape, interleaved with the baseline in the same JVM and on the same embedded
 * database: a direct prepared JDBC statement with the same SQL shape. Also measures cold shapes (plan cache cleared
 * before each request) and the first request after start-up.
 *
 * <p>{@code ./mvnw -B -Pbenchmark -pl load-tests -am verify} (options via {@code -Dbenchmark.args="..."}).
 */
public final class ReadPathBenchmark {
    private static final String DOCUMENT = "query($id: ID!) { resident(idNumber: $id) { name birthDate regionCode } }";
    private static final String BASELINE_SQL = "SELECT name, birth_date, region_code FROM resident WHERE id_number = ?";
    /** What the benchmark caller, the demo pension window, may read: from the demo grants file. */
    private static final Grant WINDOW = DemoGrants.of("dongguan-window", "PENSION_EXTENSION");

    private static final List<String> FIELDS = readable(WINDOW, "Resident");
    private static final List<String> PENSION_FIELDS = readable(WINDOW, "PensionAccount");
    private static final Caller CALLER =
            new Caller("dongguan-window", Roles.NONE, "PENSION_EXTENSION", "bench-case", "bench", null);

    private ReadPathBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        PrintStream out = System.out;
        out.printf(
                Locale.ROOT,
                "read-path benchmark: %,d residents, %d rounds x %,d requests per side%n",
                options.residents,
                options.rounds,
                options.requestsPerRound);
        long startNanos = System.nanoTime();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GovshareApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--spring.profiles.active=demo",
                        "--govshare.demo.residents=" + options.residents,
                        "--logging.level.root=WARN",
                        "--logging.level.org.govshare.gateway.demo=INFO");
        try {
            long startedNanos = System.nanoTime() - startNanos;
            ExecutionGraphQlService graphQl = context.getBean(ExecutionGraphQlService.class);
            DataSource police =
                    context.getBean(SourceRegistry.class).source("police").dataSource();
            PlanCache plans = context.getBean(LiveCatalog.class).current().plans();
            List<String> ids = SampleIds.from(police, 10_000);

            long firstRequestNanos = timeOne(graphQl, DOCUMENT, ids.get(0));
            out.printf(
                    Locale.ROOT,
                    "start-up %.1f s, first request after start-up %.2f ms%n",
                    startedNanos / 1e9,
                    firstRequestNanos / 1e6);

            Histogram jdbc = new Histogram(3);
            Histogram gateway = new Histogram(3);
            List<Double> roundMedianDelta = new ArrayList<>();
            out.println("warm-up …");
            for (int i = 0; i < options.warmup; i++) {
                direct(police, ids.get(i % ids.size()));
                execute(graphQl, DOCUMENT, ids.get(i % ids.size()));
            }
            for (int round = 1; round <= options.rounds; round++) {
                Histogram jdbcRound = new Histogram(3);
                Histogram gatewayRound = new Histogram(3);
                // Interleave the two sides in small blocks so that drift in the machine hits both alike.
                for (int block = 0; block < options.requestsPerRound / 100; block++) {
                    for (int i = 0; i < 100; i++) {
                        String id = ids.get((block * 100 + i) % ids.size());
                        long t0 = System.nanoTime();
                        direct(police, id);
                        jdbcRound.recordValue((System.nanoTime() - t0));
                    }
                    for (int i = 0; i < 100; i++) {
                        String id = ids.get((block * 100 + i) % ids.size());
                        long t0 = System.nanoTime();
                        execute(graphQl, DOCUMENT, id);
                        gatewayRound.recordValue((System.nanoTime() - t0));
                    }
                }
                jdbc.add(jdbcRound);
                gateway.add(gatewayRound);
                double delta = (gatewayRound.getValueAtPercentile(50) - jdbcRound.getValueAtPercentile(50)) / 1e3;
                roundMedianDelta.add(delta);
                out.printf(
                        Locale.ROOT,
                        "round %d/%d: direct JDBC p50 %.1f µs, govshare p50 %.1f µs, added %.1f µs%n",
                        round,
                        options.rounds,
                        jdbcRound.getValueAtPercentile(50) / 1e3,
                        gatewayRound.getValueAtPercentile(50) / 1e3,
                        delta);
            }

            out.println("cold shapes …");
            Histogram cold = new Histogram(3);
            Random random = new Random(42);
            // A long-running gateway has planned shapes before: warm the planner's code up on other shapes first.
            for (int i = 0; i < options.coldShapes; i++) {
                plans.invalidateAll();
                execute(
                        graphQl,
                        randomShape(random, options.coldShapes + i).replace("query(", "query Warm" + i + "("),
                        ids.get(i % ids.size()));
            }
            for (int i = 0; i < options.coldShapes; i++) {
                String document = randomShape(random, i);
                plans.invalidateAll();
                cold.recordValue(timeOne(graphQl, document, ids.get(i % ids.size())));
                if ((i + 1) % 50 == 0) {
                    out.printf(Locale.ROOT, "cold shapes %d/%d%n", i + 1, options.coldShapes);
                }
            }

            String report = report(options, startedNanos, firstRequestNanos, jdbc, gateway, roundMedianDelta, cold);
            out.println();
            out.println(report);
            if (options.output != null) {
                Files.createDirectories(options.output.toAbsolutePath().getParent());
                Files.writeString(options.output, report, StandardCharsets.UTF_8);
                out.println("written to " + options.output);
            }
        } finally {
            context.close();
        }
    }

    private static String report(
            Options options,
            long startedNanos,
            long firstRequestNanos,
            Histogram jdbc,
            Histogram gateway,
            List<Double> roundMedianDelta,
            Histogram cold) {
        List<Double> sorted = new ArrayList<>(roundMedianDelta);
        Collections.sort(sorted);
        double medianDelta = sorted.get(sorted.size() / 2);
        StringBuilder report = new StringBuilder();
        report.append("## Read path: in-process cost of a cached shape over direct JDBC\n\n");
        report.append(String.format(
                Locale.ROOT,
                "%s, %d cores, Java %s, %,d residents in embedded H2; %d rounds x %,d requests per side, interleaved.%n%n",
                LocalDate.now(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                options.residents,
                options.rounds,
                options.requestsPerRound));
        report.append("| measure | p50 | p90 | p99 |\n|---|---|---|---|\n");
        row(report, "direct prepared JDBC (baseline)", jdbc);
        row(report, "govshare GraphQL execution, cached shape", gateway);
        row(report, "govshare, cold shape (plan cache cleared)", cold);
        report.append(String.format(
                Locale.ROOT,
                "%nAdded in-process cost of a cached shape: **%.1f µs** at the median (median of %d round medians;"
                        + " spread %.1f … %.1f µs). Target ≤ 50 µs: %s.%n",
                medianDelta,
                sorted.size(),
                sorted.get(0),
                sorted.get(sorted.size() - 1),
                medianDelta <= 50 ? "met" : "MISSED by " + String.format(Locale.ROOT, "%.1f µs", medianDelta - 50)));
        double coldMedianMs = cold.getValueAtPercentile(50) / 1e6;
        report.append(String.format(
                Locale.ROOT,
                "Cold shape: **%.2f ms** at the median over %d distinct shapes (plan cache cleared before each; measured"
                        + " after as many other cold shapes warmed the planner up). Target ≤ 10 ms: %s.%n",
                coldMedianMs,
                cold.getTotalCount(),
                coldMedianMs <= 10 ? "met" : "MISSED by " + String.format(Locale.ROOT, "%.2f ms", coldMedianMs - 10)));
        report.append(String.format(
                Locale.ROOT,
                "Start-up to ready (%,d residents generated): %.1f s; first request after start-up: %.1f ms.%n",
                options.residents,
                startedNanos / 1e9,
                firstRequestNanos / 1e6));
        report.append("\nReproduce: `./mvnw -B -Pbenchmark -pl load-tests -am verify`\n");
        return report.toString();
    }

    private static void row(StringBuilder report, String name, Histogram histogram) {
        report.append(String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s |%n",
                name,
                micros(histogram.getValueAtPercentile(50)),
                micros(histogram.getValueAtPercentile(90)),
                micros(histogram.getValueAtPercentile(99))));
    }

    private static String micros(long nanos) {
        return nanos >= 1_000_000
                ? String.format(Locale.ROOT, "%.2f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }

    /** The column fields of {@code type} the grant lets its holder read (relations excluded). */
    private static List<String> readable(Grant grant, String type) {
        return grant.fields().entrySet().stream()
                .filter(field -> field.getKey().type().equals(type) && field.getValue() == Access.READ)
                .map(field -> field.getKey().field())
                // The relation is selected on its own below.
                .filter(field -> !field.equals("pension"))
                .sorted()
                .toList();
    }

    /** A selection no earlier request used: a field subset plus an alias that makes the document distinct. */
    private static String randomShape(Random random, int index) {
        List<String> fields = new ArrayList<>(FIELDS);
        Collections.shuffle(fields, random);
        int count = 1 + random.nextInt(fields.size());
        StringBuilder selection = new StringBuilder();
        for (String field : fields.subList(0, count)) {
            selection.append(field).append(' ');
        }
        // Alternate shapes also read the pension relation, with a field subset of their own.
        if (index % 2 == 0) {
            List<String> pension = new ArrayList<>(PENSION_FIELDS);
            Collections.shuffle(pension, random);
            selection
                    .append("pension { ")
                    .append(String.join(" ", pension.subList(0, 1 + random.nextInt(pension.size()))))
                    .append(" } ");
        }
        return "query($id: ID!) { r" + index + ": resident(idNumber: $id) { " + selection + "} }";
    }

    private static long timeOne(ExecutionGraphQlService graphQl, String document, String id) {
        long t0 = System.nanoTime();
        execute(graphQl, document, id);
        return System.nanoTime() - t0;
    }

    private static void execute(ExecutionGraphQlService graphQl, String document, String id) {
        DefaultExecutionGraphQlRequest request = new DefaultExecutionGraphQlRequest(
                document, null, Map.of("id", id), Map.of(), UUID.randomUUID().toString(), null);
        // The caller an authenticated HTTP request would carry (see CallerInterceptor).
        request.configureExecutionInput(
                (input, builder) -> builder.graphQLContext(context -> context.put(Caller.class, CALLER))
                        .build());
        ExecutionGraphQlResponse response = graphQl.execute(request).block(Duration.ofSeconds(10));
        if (response == null || !response.isValid() || !response.getErrors().isEmpty()) {
            throw new IllegalStateException("request failed: " + (response == null ? null : response.getErrors()));
        }
    }

    private static void direct(DataSource police, String id) throws SQLException {
        try (Connection connection = police.getConnection();
                PreparedStatement statement = connection.prepareStatement(BASELINE_SQL)) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("no row for " + id);
                }
                rows.getString(1);
                rows.getObject(2, LocalDate.class);
                rows.getString(3);
            }
        }
    }

    private record Options(int residents, int rounds, int requestsPerRound, int warmup, int coldShapes, Path output) {
        static Options parse(String[] args) {
            int residents = 100_000;
            int rounds = 7;
            int requests = 20_000;
            int warmup = 50_000;
            int cold = 200;
            Path output = Path.of("load-tests/results/read-path.md");
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--residents" -> residents = Integer.parseInt(args[i + 1]);
                    case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                    case "--requests" -> requests = Integer.parseInt(args[i + 1]);
                    case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                    case "--cold-shapes" -> cold = Integer.parseInt(args[i + 1]);
                    case "--output" -> output = Path.of(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(residents, rounds, Math.max(100, requests), warmup, cold, output);
        }
    }
}
