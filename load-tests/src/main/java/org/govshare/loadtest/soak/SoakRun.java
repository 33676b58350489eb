package org.govshare.loadtest.soak;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.govshare.loadtest.data.BenchmarkDatabases;
import org.govshare.loadtest.data.Subject;
import org.govshare.loadtest.load.LoadRunner;
import org.govshare.loadtest.load.RunResult;
import org.govshare.loadtest.server.ServerProcess;
import org.govshare.loadtest.sidebyside.Environment;
import org.govshare.loadtest.sidebyside.GovshareSystem;
import org.govshare.loadtest.sidebyside.Options;
import org.govshare.loadtest.sidebyside.Workload;

/**
 * The soak run (issue #9): the gateway as deployed (control plane and audit trail in PostgreSQL, quotas in Redis) on
 * the benchmark databases, warmed up, its maximum rate on the benchmark mix measured in a closed loop, then held at a
 * fixed share of that rate for minutes (open model), with a progress line every ten seconds. Afterwards four checks,
 * each PASS or FAIL with its figures: no errors but the intended refusals, a flat heap, no connection leak, every
 * answered operation audited. Exits non-zero when one fails. Started by {@code load-tests/soak.sh}, which builds
 * everything and pins this process to the second core.
 */
public final class SoakRun {
    /** Connections of the warm-up, the maximum-rate closed loop and the soak, so that the pools meet the same demand. */
    static final int CONNECTIONS = 32;
    /** The heap may grow by at most this much a minute over the soak's second half (1 MiB). */
    static final double HEAP_SLOPE_BOUND = 1024 * 1024;

    /** The checks in the order of issue #9: errors, heap, connections, audit. */
    private static final List<String> CHECK_ORDER = List.of("errors", "heap", "connections", "audit");

    private static final int SUBJECTS = 5_000;
    private static final Duration WARM_UP_ROUND = Duration.ofSeconds(5);
    /**
     * On one core the gateway's JIT compiler needs three to four minutes of load to settle; two noisy rounds before
     * that can look alike, so the warm-up runs at least three minutes.
     */
    private static final int MINIMUM_WARM_UP_ROUNDS = 36;

    private static final int WARM_UP_ROUNDS = 60;
    static final Duration MAXIMUM_RUN = Duration.ofSeconds(10);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

    /**
     * How often a progress reading comes after a full collection in the gateway: the old generation grows between full
     * collections with the garbage young collections promote (several MiB a minute with a serial collector and 1 GiB),
     * so only a reading right after a full collection tells what is kept.
     */
    private static final Duration FULL_COLLECTION_INTERVAL = Duration.ofMinutes(1);

    /** How often the clients renew their tokens (the demo issuer's live an hour). */
    private static final Duration TOKEN_RENEWAL_INTERVAL = Duration.ofMinutes(20);
    /** How long a connection still in use after the load stopped may take to go back to its pool. */
    private static final Duration POOL_RETURN_LIMIT = Duration.ofSeconds(10);

    private final SoakOptions options;
    private final PrintStream out;
    private final long started = System.nanoTime();

    private SoakRun(SoakOptions options, PrintStream out) {
        this.options = requireNonNull(options, "options is null");
        this.out = requireNonNull(out, "out is null");
    }

    public static void main(String[] arguments) {
        int status;
        try {
            status = new SoakRun(SoakOptions.parse(arguments), System.out).run() ? 0 : 1;
        } catch (Exception e) {
            e.printStackTrace();
            status = 2;
        }
        // Also ends the generator's threads; the shutdown hook stops the gateway if it still runs.
        System.exit(status);
    }

    /** Runs the soak and writes its report; true when every check passed. */
    private boolean run() throws Exception {
        String loadAtStart = Environment.loadAverage();
        Options benchmark = options.benchmarkOptions();
        BenchmarkDatabases databases = new BenchmarkDatabases(benchmark.work());
        databases.ensureLoaded(benchmark.seed(), benchmark.residents(), false, message -> log("%s", message), out);
        List<Subject> subjects = databases.sampleSubjects(SUBJECTS);
        DatabaseView view = new DatabaseView(databases);
        SoakReport.Findings findings;
        try (GovshareSystem gateway = new GovshareSystem(benchmark, databases, subjects)) {
            log("starting the gateway …");
            gateway.start();
            ServerProcess process = gateway.processes().get(0);
            log(
                    "gateway %s answers on %s:%d",
                    process,
                    gateway.address().getHostString(),
                    gateway.address().getPort());
            findings = soak(gateway, process, view);
        }
        SoakReport report =
                new SoakReport(options, benchmark, Environment.describe(benchmark, databases, loadAtStart), findings);
        for (Check check : findings.checks()) {
            log("%s %s: %s", check.verdict(), check.name(), check.figures());
        }
        Path written = report.write();
        log("written %s", written);
        return findings.checks().stream().allMatch(Check::passed);
    }

    private SoakReport.Findings soak(GovshareSystem gateway, ServerProcess process, DatabaseView view)
            throws Exception {
        BenchmarkMix warmUpMix = BenchmarkMix.of(gateway);
        warmUp(warmUpMix);
        RunResult maximum = LoadRunner.closedLoop(warmUpMix, CONNECTIONS, Duration.ZERO, MAXIMUM_RUN);
        if (maximum.achievedRate() <= 0) {
            throw new IllegalStateException("no correct answer in the maximum-rate run: " + warmUpMix.answers());
        }
        double rate = maximum.achievedRate() * options.rateFraction();
        log(
                "maximum rate of the mix: %.0f answers/s (closed loop, %d connections); warm-up and maximum together:"
                        + " %,d answers, %,d errors",
                maximum.achievedRate(),
                CONNECTIONS,
                warmUpMix.total().responses(),
                warmUpMix.total().errors());

        // The state after warm-up, with no request in flight: every answer so far has its audit record (the gateway
        // answers only once the record is durable), and a full collection leaves only live objects.
        Baseline before = baseline(gateway, process, view);
        log(
                "after warm-up: old generation %.1f MiB after a full collection, database sessions %s, audit records"
                        + " up to %,d",
                mebibytes(before.liveHeapBytes()), before.sessions(), before.auditSequence());

        log(
                "soak: %d min at %.0f requests/s (%.0f %% of the maximum), open model over %d connections",
                options.minutes(), rate, options.rateFraction() * 100, CONNECTIONS);
        GatewayLog.Warnings startWarnings = GatewayLog.warnings(process.log(), 0);
        long logAtSoakStart = Files.size(process.log());
        BenchmarkMix mix = BenchmarkMix.of(gateway);
        Progress progress = new Progress(gateway, process, view, mix, rate, before);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "soak-progress");
            thread.setDaemon(true);
            return thread;
        });
        RunResult soak;
        try {
            long interval = PROGRESS_INTERVAL.toMillis();
            sampler.scheduleAtFixedRate(progress::record, interval, interval, TimeUnit.MILLISECONDS);
            soak = LoadRunner.openModel(mix, CONNECTIONS, rate, Duration.ZERO, options.duration());
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(30, TimeUnit.SECONDS);
        }
        progress.recordEnd();
        GatewayLog.Warnings soakWarnings = GatewayLog.warnings(process.log(), logAtSoakStart);
        log("gateway log: %s during start-up and warm-up, %s during the soak", startWarnings, soakWarnings);

        List<Check> checks = new ArrayList<>();
        checks.add(errors(mix, before.metrics(), gateway));
        checks.add(connections(gateway, view, before, progress.samples()));
        checks.add(audit(mix, view, before));
        // Last: it stops the gateway for a full collection.
        checks.add(heap(progress.samples(), before, process, gateway, rate));
        checks.sort(Comparator.comparing(check -> CHECK_ORDER.indexOf(check.name())));
        return new SoakReport.Findings(
                maximum.achievedRate(),
                rate,
                soak,
                warmUpMix.total(),
                mix.answers(),
                progress.samples(),
                checks,
                startWarnings,
                soakWarnings);
    }

    /**
     * Closed-loop rounds on the mix until a round's rate is within 5 % of the previous one's: the JIT compiler needs a
     * minute or more on one core before the gateway runs the code it keeps. Nothing of this is measured.
     */
    private void warmUp(BenchmarkMix mix) throws InterruptedException {
        double previous = Double.NaN;
        for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
            double rate = LoadRunner.closedLoop(mix, CONNECTIONS, Duration.ZERO, WARM_UP_ROUND)
                    .achievedRate();
            boolean settled = round >= MINIMUM_WARM_UP_ROUNDS && Math.abs(rate - previous) <= 0.05 * previous;
            log("warm-up round %d: %.0f answers/s%s", round, rate, settled ? " (settled)" : "");
            if (settled) {
                return;
            }
            previous = rate;
        }
    }

    /** The gateway after warm-up or after the soak, with no request in flight. */
    private record Baseline(
            MetricsReading metrics, long liveHeapBytes, Map<String, Integer> sessions, long auditSequence) {}

    private Baseline baseline(GovshareSystem gateway, ServerProcess process, DatabaseView view)
            throws IOException, InterruptedException, SQLException {
        collectGarbage(process);
        MetricsReading metrics = MetricsReading.parse(gateway.fetchMetrics());
        return new Baseline(metrics, metrics.longLivedHeapBytes(), view.databaseSessions(), view.lastAuditSequence());
    }

    /**
     * (a) Every answer is the one the contract promises: data without errors for W1–W4 (W3: MATCH for true claims),
     * the refusal with FORBIDDEN_FIELD and no data for W5. A wrong answer, another HTTP status or a lost request is an
     * error. The gateway's own count of outcomes over the soak is given beside it.
     */
    private Check errors(BenchmarkMix mix, MetricsReading before, GovshareSystem gateway) throws IOException {
        Map<Workload, Answers> answers = mix.answers();
        Answers total = mix.total();
        boolean everyWorkloadAnswered = answers.values().stream().allMatch(workload -> workload.expected() > 0);
        List<String> perWorkload = new ArrayList<>();
        answers.forEach((workload, counts) -> perWorkload.add(format(
                "%s %,d %s, %,d unexpected, %,d lost",
                workload,
                counts.expected(),
                workload == Workload.W5 ? "refused with FORBIDDEN_FIELD" : "as expected",
                counts.unexpected(),
                counts.lost())));
        Map<String, Double> gatewayCounts = difference(
                before.requestsByOutcome(),
                MetricsReading.parse(gateway.fetchMetrics()).requestsByOutcome());
        return new Check(
                "errors",
                "no errors other than the intended refusals (W5: FORBIDDEN_FIELD); lost requests count as errors",
                total.errors() == 0 && everyWorkloadAnswered,
                format(
                        "%,d requests, %,d errors; %s; the gateway counted (outcome, first code) %s",
                        total.sent(), total.errors(), String.join("; ", perWorkload), counts(gatewayCounts)));
    }

    /**
     * (c) No connection leak: once the load has stopped, every pool the gateway reports has given back all its
     * connections (a connection taken and never returned stays in use), no pool holds more than its maximum, and every
     * database session opened since the warm-up is one a pool holds. A pool may open connections beyond what the
     * warm-up needed when the open model's arrivals bunch up (a source's pool went from 5 to 6 in a ten-minute soak)
     * and keeps them until its idle timeout: that is not a leak, a session no pool accounts for is. The peak during
     * the soak is shown beside it, to tell a pool that grew once from sessions that keep growing.
     */
    private Check connections(GovshareSystem gateway, DatabaseView view, Baseline before, List<Sample> samples)
            throws IOException, InterruptedException, SQLException {
        long deadline = System.nanoTime() + POOL_RETURN_LIMIT.toNanos();
        MetricsReading after = MetricsReading.parse(gateway.fetchMetrics());
        while (inUse(after) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            after = MetricsReading.parse(gateway.fetchMetrics());
        }
        Map<String, Integer> sessions = view.databaseSessions();
        boolean poolsIdle = inUse(after) == 0 && !after.activeConnections().isEmpty();
        int sessionGrowth = 0;
        List<String> perDatabase = new ArrayList<>();
        for (String database : union(before.sessions(), sessions)) {
            int then = before.sessions().getOrDefault(database, 0);
            int now = sessions.getOrDefault(database, 0);
            int peak = samples.stream()
                    .mapToInt(sample -> sample.databaseSessions().getOrDefault(database, 0))
                    .max()
                    .orElse(0);
            sessionGrowth += Math.max(0, now - then);
            perDatabase.add(format(
                    "%s %d → %d (at most %d during the soak)",
                    database.replace("govshare_bench_", ""), then, now, peak));
        }
        List<String> perPool = new ArrayList<>();
        Map<String, Double> open = after.openConnections();
        Map<String, Double> openAfterWarmUp = before.metrics().openConnections();
        Map<String, Double> maximum = after.maximumConnections();
        double poolGrowth = 0;
        boolean withinMaximum = true;
        for (Map.Entry<String, Double> pool : open.entrySet()) {
            poolGrowth += Math.max(0, pool.getValue() - openAfterWarmUp.getOrDefault(pool.getKey(), 0.0));
            withinMaximum &= pool.getValue() <= maximum.getOrDefault(pool.getKey(), Double.MAX_VALUE);
        }
        // A pool may open connections up to its maximum under load and keep them until its idle timeout: each new
        // database session must be one of those, not a connection held outside the pools.
        boolean sessionsAccounted = withinMaximum && sessionGrowth <= poolGrowth;
        Map<String, Double> pending = after.pendingConnections();
        after.activeConnections()
                .forEach((pool, active) -> perPool.add(format(
                        "%s %.0f in use, %.0f waiting, %.0f open of at most %.0f (after warm-up %.0f open)",
                        pool,
                        active,
                        pending.getOrDefault(pool, 0.0),
                        open.getOrDefault(pool, 0.0),
                        maximum.getOrDefault(pool, 0.0),
                        openAfterWarmUp.getOrDefault(pool, 0.0))));
        return new Check(
                "connections",
                "after the load: no pool connection still in use or awaited, no pool above its maximum, and every"
                        + " database session opened since warm-up one that a pool holds",
                poolsIdle && sessionsAccounted,
                format(
                        "pools: %s; database sessions after warm-up → after the soak: %s",
                        perPool.isEmpty() ? "none reported" : String.join("; ", perPool),
                        String.join(", ", perDatabase)));
    }

    /** Connections in use or awaited, over all the gateway's pools. */
    private static int inUse(MetricsReading metrics) {
        return (int) (metrics.activeConnections().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum()
                + metrics.pendingConnections().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum());
    }

    /**
     * (d) Every operation audited: the requests that got an answer during the soak are exactly the audit records
     * written in that window (records after the last one written before it; no other client used the gateway).
     */
    private Check audit(BenchmarkMix mix, DatabaseView view, Baseline before) throws SQLException {
        Map<String, Long> records = view.auditRecordsAfter(before.auditSequence());
        long written = records.values().stream().mapToLong(Long::longValue).sum();
        long answered = mix.total().responses();
        return new Check(
                "audit",
                "as many audit records written during the soak as requests answered",
                answered > 0 && written == answered,
                format(
                        "%,d requests answered (%,d of them W5's refusals), %,d audit records written %s",
                        answered, mix.answers().get(Workload.W5).responses(), written, records));
    }

    /**
     * (b) A flat heap: the old generation right after a full collection, forced once a minute under load, grows over
     * the soak's second half by at most {@link #HEAP_SLOPE_BOUND} a minute (least-squares slope). The old generation
     * after a full collection before and after the soak is given beside it.
     */
    private Check heap(
            List<Sample> samples, Baseline before, ServerProcess process, GovshareSystem gateway, double rate)
            throws IOException, InterruptedException {
        double halfMinutes = options.minutes() / 2.0;
        List<Sample> secondHalf = samples.stream()
                .filter(sample -> sample.afterFullCollection() && sample.minutes() >= halfMinutes)
                .toList();
        double slope = Sample.heapSlopePerMinute(secondHalf);
        collectGarbage(process);
        MetricsReading after = MetricsReading.parse(gateway.fetchMetrics());
        long liveAfter = after.longLivedHeapBytes();
        double room = after.longLivedHeapMaximumBytes() - liveAfter;
        String filling = slope > 0 && room > 0
                ? format(
                        "; at that slope the old generation's %.0f MiB left would last %.1f hours",
                        mebibytes(room), room / slope / 60)
                : "";
        return new Check(
                "heap",
                format(
                        "the old generation after full collections grows by at most %.0f MiB a minute over the second half",
                        mebibytes(HEAP_SLOPE_BOUND)),
                secondHalf.size() >= 3 && slope <= HEAP_SLOPE_BOUND,
                format(
                                "slope %+.2f MiB a minute over %d readings from minute %.1f (%+.0f bytes per request);"
                                        + " after a full collection %.1f MiB before the soak, %.1f MiB after it",
                                mebibytes(slope),
                                secondHalf.size(),
                                halfMinutes,
                                slope / (rate * 60),
                                mebibytes(before.liveHeapBytes()),
                                mebibytes(liveAfter))
                        + filling);
    }

    /**
     * A full collection in the gateway ({@code jcmd <pid> GC.run}), so that its heap holds only live objects; only
     * while no load runs, since it stops the gateway for a moment.
     */
    private void collectGarbage(ServerProcess process) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            log("no jcmd in %s: the heap after a full collection is read without one", jcmd.getParent());
            return;
        }
        Process collection = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(Redirect.DISCARD)
                .start();
        if (!collection.waitFor(60, TimeUnit.SECONDS)) {
            collection.destroyForcibly();
            throw new IllegalStateException("jcmd GC.run did not finish within a minute");
        }
        if (collection.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.run failed with " + collection.exitValue());
        }
    }

    private static Map<String, Double> difference(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> difference = new TreeMap<>();
        after.forEach((key, value) -> {
            double delta = value - before.getOrDefault(key, 0.0);
            if (delta != 0) {
                difference.put(key, delta);
            }
        });
        return difference;
    }

    private static String counts(Map<String, Double> counts) {
        List<String> entries = new ArrayList<>();
        counts.forEach((key, count) -> entries.add(format("%s %,.0f", key, count)));
        return entries.isEmpty() ? "nothing" : String.join(", ", entries);
    }

    private static <K> TreeSet<K> union(Map<K, ?> first, Map<K, ?> second) {
        TreeSet<K> keys = new TreeSet<>(first.keySet());
        keys.addAll(second.keySet());
        return keys;
    }

    static double mebibytes(double bytes) {
        return bytes / (1024 * 1024);
    }

    private static String format(String format, Object... arguments) {
        return String.format(Locale.ROOT, format, arguments);
    }

    private void log(String format, Object... arguments) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        out.printf(
                Locale.ROOT,
                "[%02d:%02d] %s%n",
                elapsed.toMinutes(),
                elapsed.toSecondsPart(),
                format(format, arguments));
    }

    /** Reads the gateway, its databases and the mix every ten seconds and prints a progress line. */
    private final class Progress {
        private final GovshareSystem gateway;
        private final ServerProcess process;
        private final DatabaseView view;
        private final BenchmarkMix mix;
        private final double rate;
        private final long soakStarted = System.nanoTime();
        private final List<Sample> samples = new CopyOnWriteArrayList<>();
        private long previousAnswers;
        private long previousNanos = soakStarted;
        private long lastFullCollection = soakStarted;
        private long lastTokenRenewal = soakStarted;

        Progress(
                GovshareSystem gateway,
                ServerProcess process,
                DatabaseView view,
                BenchmarkMix mix,
                double rate,
                Baseline start) {
            this.gateway = gateway;
            this.process = process;
            this.view = view;
            this.mix = mix;
            this.rate = rate;
            samples.add(new Sample(
                    Duration.ZERO, 0, 0, start.liveHeapBytes(), inUse(start.metrics()), start.sessions(), true));
        }

        /**
         * The reading at the end of the soak, unless the last scheduled one was just taken (a rate over a moment says
         * nothing).
         */
        void recordEnd() {
            if (System.nanoTime() - previousNanos >= PROGRESS_INTERVAL.toNanos() / 10) {
                record();
            }
        }

        /** Never throws: a failed reading is reported and skipped, and the next one comes as planned. */
        void record() {
            try {
                if (System.nanoTime() - lastTokenRenewal >= TOKEN_RENEWAL_INTERVAL.toNanos()) {
                    mix.renewTokens(gateway);
                    lastTokenRenewal = System.nanoTime();
                    log("tokens renewed");
                }
                boolean collect = System.nanoTime() - lastFullCollection >= FULL_COLLECTION_INTERVAL.toNanos();
                if (collect) {
                    // Under load, as a collector would: the pause is part of what the gateway must take without errors.
                    collectGarbage(process);
                    lastFullCollection = System.nanoTime();
                }
                MetricsReading metrics = MetricsReading.parse(gateway.fetchMetrics());
                long now = System.nanoTime();
                Answers answers = mix.total();
                Sample sample = new Sample(
                        Duration.ofNanos(now - soakStarted),
                        (answers.responses() - previousAnswers) / ((now - previousNanos) / 1e9),
                        answers.errors(),
                        metrics.longLivedHeapBytes(),
                        inUse(metrics),
                        view.databaseSessions(),
                        collect);
                previousAnswers = answers.responses();
                previousNanos = now;
                samples.add(sample);
                log(
                        "soak %s/%d:00  rate %5.0f/s (target %.0f)  errors %d  old gen %6.1f MiB%s"
                                + "  connections: %d in use or awaited in the pools, %d database sessions",
                        minutesAndSeconds(sample.elapsed()),
                        options.minutes(),
                        sample.rate(),
                        rate,
                        sample.errors(),
                        mebibytes(sample.longLivedHeapBytes()),
                        collect ? " after a full collection" : "",
                        sample.connectionsInUse(),
                        sample.totalDatabaseSessions());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | SQLException | RuntimeException e) {
                log("progress: reading failed: %s", e);
            }
        }

        List<Sample> samples() {
            return List.copyOf(samples);
        }
    }

    static String minutesAndSeconds(Duration duration) {
        return format("%d:%02d", duration.toMinutes(), duration.toSecondsPart());
    }
}
