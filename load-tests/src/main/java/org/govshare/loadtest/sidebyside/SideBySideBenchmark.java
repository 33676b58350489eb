package org.govshare.loadtest.sidebyside;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.govshare.loadtest.data.BenchmarkDatabases;
import org.govshare.loadtest.data.Subject;
import org.govshare.loadtest.load.HttpTarget;
import org.govshare.loadtest.load.LoadRunner;
import org.govshare.loadtest.load.LoadTarget;
import org.govshare.loadtest.load.RunResult;
import org.govshare.loadtest.load.SlowRequest;
import org.govshare.loadtest.server.ServerProcess;

/**
 * The side-by-side benchmark: loads the benchmark databases once, then runs govshare, its baselines (direct JDBC in
 * this process, the bare Spring MVC endpoint) and its peers (PostGraphile, a Node federation gateway) under the same
 * workloads, repetition after repetition, and writes {@code load-tests/RESULTS.md} with a latency plot. Started by
 * {@code load-tests/side-by-side.sh}, which builds everything and pins this process to the second core.
 */
public final class SideBySideBenchmark {
    /** Clients of the closed loop that finds the maximum rate. */
    static final int CLOSED_LOOP_CLIENTS = 16;
    /** Connections of the open-model runs; requests due while all are busy wait, and the wait is measured. */
    static final int OPEN_MODEL_CONNECTIONS = 64;

    private static final int SUBJECTS = 5_000;

    private final Options options;
    private final PrintStream out;
    private final Results results = new Results();
    private final long started = System.nanoTime();
    private final String loadAtStart = Environment.loadAverage();
    private final QuietMachine quiet = new QuietMachine(QuietMachine.Limits.DEFAULT);
    private final Profiler profiler;
    /** How long the machine is watched before a system starts, and how many such watches it may take to be quiet. */
    private static final Duration QUIET_WATCH = Duration.ofSeconds(5);

    private static final int QUIET_ATTEMPTS = 12;

    private SideBySideBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.profiler = new Profiler(options.asyncProfiler(), options.work().resolve("profiles"));
    }

    public static void main(String[] arguments) throws Exception {
        Options options = Options.parse(arguments);
        new SideBySideBenchmark(options, System.out).run();
    }

    private void run() throws Exception {
        BenchmarkDatabases databases = new BenchmarkDatabases(options.work());
        databases.ensureLoaded(
                options.seed(), options.residents(), options.reloadData(), message -> log("%s", message), out);
        databases.prepareStreetOfficeRole();
        List<Subject> subjects = databases.sampleSubjects(SUBJECTS);
        log("data: %,d sampled residents for the requests", subjects.size());

        boolean peersWanted = options.peers() && (options.measures("postgraphile") || options.measures("federation"));
        Optional<String> peerProblem = peersWanted ? Peers.install(options, out) : Optional.of("not asked for");
        peerProblem.ifPresent(problem -> log("peers: not run: %s", problem));

        for (int repetition = 1; repetition <= options.repetitions(); repetition++) {
            List<SystemUnderTest> systems = new ArrayList<>();
            if (options.measures("govshare")) {
                systems.add(new GovshareSystem(options, databases, subjects));
            }
            if (options.measures("bare")) {
                systems.add(new BareEndpointSystem(options, subjects));
            }
            if (options.measures("jdbc")) {
                systems.add(new DirectJdbcSystem(databases, subjects));
            }
            if (peerProblem.isEmpty() && options.measures("postgraphile")) {
                systems.add(new PostGraphileSystem(options, subjects, Workload.W1));
                systems.add(new PostGraphileSystem(options, subjects, Workload.W4));
            }
            if (peerProblem.isEmpty() && options.measures("federation")) {
                systems.add(new FederationSystem(options, subjects));
            }
            for (SystemUnderTest system : systems) {
                runSystem(system, repetition);
            }
        }
        // A quick run, a run without peers or of some systems only (--systems) must not overwrite the committed
        // results of a whole run.
        boolean busy = !results.busy().isEmpty();
        if (busy) {
            log(
                    "the machine was busy during %d part(s) of the run (first: %s): not written as the result",
                    results.busy().size(), results.busy().get(0).verdict().describe());
        }
        boolean whole = !busy
                && !options.quick()
                && options.peers()
                && !options.startCurveOnly()
                && options.complete()
                && options.systems().size() == Options.SYSTEMS.size();
        Path reports = whole ? options.loadTests() : options.work().resolve("partial");
        Path markdown = reports.resolve("RESULTS.md");
        Path plot = reports.resolve("results/side-by-side.png");
        Path startPlot = reports.resolve("results/start-curve.svg");
        Files.createDirectories(plot.getParent());
        new ResultsReport(options, results, peerProblem, Environment.describe(options, databases, loadAtStart))
                .write(markdown, plot, startPlot);
        log("written %s, %s and %s", markdown, plot, startPlot);
        if (options.measures("govshare") && !options.startCurveOnly() && !results.has("govshare", Workload.W1)) {
            throw new IllegalStateException("govshare was not measured: " + results.failures());
        }
    }

    private void runSystem(SystemUnderTest system, int repetition) {
        String name = system.name();
        try (system) {
            awaitQuiet(name, repetition);
            log("repetition %d/%d: starting %s …", repetition, options.repetitions(), name);
            long startedAt = System.nanoTime();
            SystemUnderTest.StartUp startUp = system.start();
            log(
                    "  %s answered %.1f s after its start (first request %.1f ms)",
                    name,
                    startUp.toFirstAnswer().toNanos() / 1e9,
                    startUp.firstRequest().toNanos() / 1e6);
            if (system instanceof GovshareSystem govshare && repetition == 1) {
                results.gatewaySql(govshare.explainSourceQueries());
            }
            startCurve(system, repetition, startedAt);
            if (!options.startCurveOnly()) {
                measureWorkloads(system, repetition);
            }
            double megabytes = system.processes().isEmpty()
                    ? Double.NaN
                    : system.processes().stream()
                                    .mapToLong(
                                            process -> process.residentBytes().orElse(0L))
                                    .sum()
                            / 1048576.0;
            results.add(new Results.SystemStart(name, repetition, startUp, megabytes));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log("  %s failed in repetition %d: %s", name, repetition, e);
            results.failed(name, repetition, String.valueOf(e.getMessage()));
        }
    }

    /**
     * After the start curve: warms the system up, then measures each of its workloads (each repetition beginning with
     * another) and, for govshare, the cold shapes.
     */
    private void measureWorkloads(SystemUnderTest system, int repetition) throws Exception {
        String name = system.name();
        settle(system);
        // Each repetition starts with another workload, so that JIT work still going on after the warm-up does
        // not always fall on the same one.
        List<Workload> workloads = new ArrayList<>(system.workloads());
        Collections.rotate(workloads, -(repetition - 1));
        workloads.retainAll(options.workloads());
        for (Workload workload : workloads) {
            Optional<LoadTarget> target = system.target(workload);
            if (target.isEmpty()) {
                if (system instanceof GovshareSystem govshare) {
                    String reason = govshare.pendingReason(workload).orElse("not served");
                    results.pending(workload, reason);
                    log("  %s %s: pending (%s)", name, workload, reason);
                }
                continue;
            }
            measure(system, workload, target.get(), repetition);
        }
        if (system instanceof GovshareSystem govshare && options.workloads().contains(Workload.W6)) {
            coldShapes(govshare, repetition);
        }
    }

    /**
     * Watches the machine before a system starts until other processes leave it quiet (at most {@link
     * #QUIET_ATTEMPTS} watches); a machine that stays busy is recorded, so that the run is not written as the result.
     */
    private void awaitQuiet(String name, int repetition) throws InterruptedException {
        QuietMachine.Verdict verdict = null;
        for (int attempt = 1; attempt <= QUIET_ATTEMPTS; attempt++) {
            QuietMachine.Reading before = QuietMachine.read(this::ofTheRun);
            Thread.sleep(QUIET_WATCH.toMillis());
            verdict = quiet.judge(before, QuietMachine.read(this::ofTheRun));
            if (verdict.quiet()) {
                break;
            }
            log("  before %s: %s, waiting", name, verdict.describe());
        }
        results.add(new Results.Quietness(name, repetition, "before the start", verdict));
    }

    /** The benchmark itself and the processes of the system being measured (with their children). */
    private boolean ofTheRun(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            return true;
        }
        for (long own : runningPids) {
            if (own == pid) {
                return true;
            }
        }
        return false;
    }

    /** The process ids of the system being measured and of their descendants, as of its last measured part. */
    private volatile long[] runningPids = new long[0];

    private void notePids(SystemUnderTest system) {
        runningPids = system.processes().stream()
                .flatMap(process -> java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(process.pid()),
                        ProcessHandle.of(process.pid()).stream()
                                .flatMap(ProcessHandle::descendants)
                                .map(ProcessHandle::pid)))
                .mapToLong(Long::longValue)
                .toArray();
    }

    /**
     * The first minutes after a system's start: W1 closed loop in slices,
     * each slice's rate and CPU per request recorded against the time since the process started. This is what a
     * gateway that starts or scales out serves; the plot shows it per system.
     */
    private void startCurve(SystemUnderTest system, int repetition, long startedAt) throws InterruptedException {
        Options.RunLengths lengths = options.runLengths();
        // W1 only, and only for a system that runs as its own process: an in-process baseline has no start, and
        // PostGraphile's W4 instance is the same server as its W1 one.
        Workload workload = Workload.W1;
        Optional<LoadTarget> target =
                system.workloads().contains(workload) ? system.target(workload) : Optional.empty();
        if (target.isEmpty() || system.processes().isEmpty()) {
            return;
        }
        notePids(system);
        QuietMachine.Reading machineBefore = QuietMachine.read(this::ofTheRun);
        long end = startedAt + lengths.startCurve().toNanos();
        while (System.nanoTime() < end) {
            long cpuBefore = cpuNanos(system);
            RunResult result =
                    LoadRunner.closedLoop(target.get(), CLOSED_LOOP_CLIENTS, Duration.ZERO, lengths.startCurveSlice());
            long cpu = cpuNanos(system) - cpuBefore;
            double cpuPerRequest = system.processes().isEmpty() || result.requestsSent() == 0
                    ? Double.NaN
                    : cpu / 1e3 / result.requestsSent();
            double secondsSinceStart = (System.nanoTime() - startedAt) / 1e9;
            log(
                    "    %s %.0f s after its start: %.0f req/s, %.0f µs CPU/req",
                    system.name(), secondsSinceStart, result.achievedRate(), cpuPerRequest);
            results.add(new Results.StartPoint(
                    system.name(), repetition, secondsSinceStart, result.achievedRate(), cpuPerRequest));
        }
        results.add(new Results.Quietness(
                system.name(),
                repetition,
                "start curve",
                quiet.judge(machineBefore, QuietMachine.read(this::ofTheRun))));
        log(
                "  %s start curve: %s %.0f req/s after %.0f s",
                system.name(),
                workload,
                lastRate(system, repetition),
                lengths.startCurve().toSeconds() * 1.0);
    }

    private double lastRate(SystemUnderTest system, int repetition) {
        List<Results.StartPoint> points = results.startPoints().stream()
                .filter(point -> point.system().equals(system.name()) && point.repetition() == repetition)
                .toList();
        return points.isEmpty() ? Double.NaN : points.get(points.size() - 1).rate();
    }

    /**
     * Warms a freshly started system up on all its workloads: closed-loop rounds, at least the minimum and then until
     * the rates settle (within 5 % of the previous round) or the rounds run out; then a round per workload over the
     * measured parts' {@link #OPEN_MODEL_CONNECTIONS} connections at fixed rates of 50 and 80 % of its last rate;
     * then closed-loop rounds again until the rates settle (at least two). Nothing of this is measured.
     *
     * <p>The open-model round is there because the closed loop's 16 connections never take some of the paths the
     * measured parts take: with 64 connections and bursts of arrivals a server makes new connection handlers, and
     * the gateway's guessing defence sees crowded reservations. The gateway's JIT had compiled those paths as never
     * taken; the first burst deoptimised and recompiled the request path at once (about 300 ms of compilation, at the
     * compiler's raised priority, in the first open-model part after the warm-up), and W1, always measured first,
     * showed it as its p99 at 50 % load. The closed-loop rounds after it let the recompiled code settle before the
     * maximum rate is measured.
     */
    private void settle(SystemUnderTest system) throws InterruptedException {
        Options.RunLengths lengths = options.runLengths();
        java.util.Map<Workload, Double> last =
                closedLoopRounds(system, Math.max(2, lengths.minimumSettleRounds()), lengths.settleRounds(), 1);
        for (var entry : last.entrySet()) {
            Optional<LoadTarget> target = system.target(entry.getKey());
            if (target.isEmpty() || entry.getValue() <= 0) {
                continue;
            }
            for (LoadLevel level : List.of(LoadLevel.HALF, LoadLevel.HEAVY)) {
                LoadRunner.openModel(
                        target.get(),
                        OPEN_MODEL_CONNECTIONS,
                        entry.getValue() * level.shareOfMaximum(),
                        Duration.ZERO,
                        lengths.settleRound());
            }
        }
        log("  %s warm-up: open model at 50 and 80 %% over %d connections done", system.name(), OPEN_MODEL_CONNECTIONS);
        closedLoopRounds(system, 2, lengths.settleRounds(), lengths.settleRounds() + 1);
    }

    /**
     * Closed-loop rounds of every workload, at least {@code minimum} and then until a round's total rate is within 5 %
     * of the previous round's, at most {@code maximum}; each workload's rate in the last round.
     */
    private java.util.Map<Workload, Double> closedLoopRounds(
            SystemUnderTest system, int minimum, int maximum, int firstNumber) throws InterruptedException {
        Options.RunLengths lengths = options.runLengths();
        java.util.Map<Workload, Double> last = new java.util.EnumMap<>(Workload.class);
        double previous = Double.NaN;
        for (int round = 1; round <= maximum; round++) {
            StringBuilder rates = new StringBuilder();
            double total = 0;
            for (Workload workload : system.workloads()) {
                Optional<LoadTarget> target = system.target(workload);
                if (target.isPresent()) {
                    double rate = LoadRunner.closedLoop(
                                    target.get(), CLOSED_LOOP_CLIENTS, Duration.ZERO, lengths.settleRound())
                            .achievedRate();
                    total += rate;
                    last.put(workload, rate);
                    rates.append(String.format(Locale.ROOT, " %s %.0f/s", workload, rate));
                }
            }
            boolean settled = round >= minimum && Math.abs(total - previous) <= 0.05 * previous;
            log(
                    "  %s warm-up round %d:%s%s",
                    system.name(), firstNumber + round - 1, rates, settled ? " (settled)" : "");
            if (settled) {
                break;
            }
            previous = total;
        }
        return last;
    }

    private void measure(SystemUnderTest system, Workload workload, LoadTarget target, int repetition)
            throws InterruptedException {
        Options.RunLengths lengths = options.runLengths();
        Results.Measurement closed = timed(
                system,
                workload,
                repetition,
                LoadLevel.MAXIMUM,
                () -> LoadRunner.closedLoop(target, CLOSED_LOOP_CLIENTS, lengths.warmUp(), lengths.closedLoop()));
        double maximum = closed.result().achievedRate();
        if (maximum <= 0) {
            throw new IllegalStateException(system.name() + " gave no correct answer to " + workload + " in "
                    + closed.result().errors() + " requests");
        }
        for (LoadLevel level : List.of(LoadLevel.LIGHT, LoadLevel.HALF, LoadLevel.HEAVY)) {
            timed(
                    system,
                    workload,
                    repetition,
                    level,
                    () -> LoadRunner.openModel(
                            target,
                            OPEN_MODEL_CONNECTIONS,
                            maximum * level.shareOfMaximum(),
                            lengths.ramp(),
                            lengths.openModel()));
        }
    }

    /** A run whose figures are not already in its result: the system's CPU time per request. */
    @FunctionalInterface
    private interface Run {
        RunResult run() throws InterruptedException;
    }

    private Results.Measurement timed(
            SystemUnderTest system, Workload workload, int repetition, LoadLevel level, Run run)
            throws InterruptedException {
        notePids(system);
        QuietMachine.Reading machineBefore = QuietMachine.read(this::ofTheRun);
        Optional<Profiler.Session> profile = profiler.start(system);
        long cpuBefore = cpuNanos(system);
        RunResult result = run.run();
        long cpu = cpuNanos(system) - cpuBefore;
        String stem = fileStem(
                system.name() + "-" + workload + "-" + level.name().toLowerCase(Locale.ROOT) + "-" + repetition);
        if (profile.isPresent()) {
            log("  profile: %s", profile.get().stop(stem));
        }
        writeSlowest(stem, result);
        QuietMachine.Verdict verdict = quiet.judge(machineBefore, QuietMachine.read(this::ofTheRun));
        results.add(new Results.Quietness(system.name(), repetition, workload + " " + level.label(), verdict));
        if (!verdict.quiet()) {
            log("  %s %s %s: %s", system.name(), workload, level.label(), verdict.describe());
        }
        double cpuPerRequest = system.processes().isEmpty() || result.requestsSent() == 0
                ? Double.NaN
                : cpu / 1e3 / result.requestsSent();
        Results.Measurement measurement =
                new Results.Measurement(system.name(), workload, repetition, level, result, cpuPerRequest);
        results.add(measurement);
        log(
                "  %-28s %s %-4s %8.0f req/s  p50 %7.2f  p90 %7.2f  p99 %7.2f  p99.9 %7.2f ms  cpu %s  errors %s",
                system.name(),
                workload,
                level.label(),
                result.achievedRate(),
                result.percentileMillis(50),
                result.percentileMillis(90),
                result.percentileMillis(99),
                result.percentileMillis(99.9),
                Double.isNaN(cpuPerRequest) ? "n/a" : String.format(Locale.ROOT, "%.0f µs/req", cpuPerRequest),
                result.errors() == 0 ? "0" : result.errors() + " " + result.errorKinds());
        return measurement;
    }

    /**
     * The part's slowest answers, one line each (due time, how late the generator sent it, latency), in
     * {@code work/slowest/}: to line a tail up with the server's own logs and recordings by the wall clock. A request
     * sent late was due while every connection waited (or the generator paused), so its lateness is part of its
     * latency.
     */
    private void writeSlowest(String stem, RunResult result) {
        StringBuilder lines = new StringBuilder("due\tlate_ms\tlatency_ms\n");
        for (SlowRequest slow : result.slowest()) {
            lines.append(String.format(
                    Locale.ROOT, "%s\t%.3f\t%.3f%n", slow.due(), slow.lateMicros() / 1e3, slow.latencyMicros() / 1e3));
        }
        Path file = options.work().resolve("slowest").resolve(stem + ".tsv");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, lines);
        } catch (IOException e) {
            log("  could not write %s: %s", file, e.getMessage());
        }
    }

    /** A measured part's name as the stem of its files (profile, slowest answers): letters, digits, {@code _.-}. */
    static String fileStem(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static long cpuNanos(SystemUnderTest system) {
        return system.processes().stream().mapToLong(ServerProcess::cpuNanos).sum();
    }

    /** W6: cold documents one after another on one connection, each timed alone. */
    private void coldShapes(GovshareSystem govshare, int repetition) throws IOException {
        List<ColdShapes.Shape> shapes = ColdShapes.generate(options.runLengths().coldShapes());
        HttpTarget target =
                new HttpTarget(govshare.address(), govshare.coldShapeRequests(shapes), GraphQlRequests::isData);
        long highest = TimeUnit.SECONDS.toNanos(60);
        Histogram all = new Histogram(highest, 3);
        Histogram newPlans = new Histogram(highest, 3);
        Histogram cachedPlans = new Histogram(highest, 3);
        long errors = 0;
        try (LoadTarget.Session session = target.open()) {
            for (int i = 0; i < shapes.size(); i++) {
                long sent = System.nanoTime();
                boolean correct = session.send(i);
                long latency = Math.min(System.nanoTime() - sent, highest);
                if (!correct) {
                    errors++;
                    continue;
                }
                all.recordValue(latency);
                (shapes.get(i).newPlan() ? newPlans : cachedPlans).recordValue(latency);
                if ((i + 1) % Math.max(1, shapes.size() / 5) == 0) {
                    log(
                            "  govshare W6 cold shapes %d/%d, p50 so far %.2f ms",
                            i + 1, shapes.size(), all.getValueAtPercentile(50) / 1e6);
                }
            }
        }
        results.add(new Results.ColdShapeRun(repetition, all, newPlans, cachedPlans, errors));
    }

    private void log(String format, Object... arguments) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        out.printf(
                Locale.ROOT,
                "[%02d:%02d] %s%n",
                elapsed.toMinutes(),
                elapsed.toSecondsPart(),
                String.format(Locale.ROOT, format, arguments));
    }
}
