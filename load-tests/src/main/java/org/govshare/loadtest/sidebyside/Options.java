package org.govshare.loadtest.sidebyside;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The side-by-side benchmark's command line: {@code --quick} (tiny run lengths, one repetition: proves the pipeline,
 * not the figures), {@code --reload-data} (load the benchmark databases again even when their marker matches),
 * {@code --residents N}, {@code --repetitions N}, {@code --no-peers}, {@code --systems a,b} (a subset of
 * {@link #SYSTEMS}, for looking into one system), {@code --root DIR} (the repository), and how the gateway is started:
 * {@code --gateway-java PATH} (another JVM, e.g. a JDK 25 for its AOT cache), {@code --gateway-jar PATH} (e.g. the
 * extracted jar {@code aot-cache.sh} trained a cache for) and {@code --gateway-jvm-option OPTION} (repeatable, e.g.
 * {@code -XX:AOTCache=…} or {@code -XX:+UseParallelGC}), so that start-up levers can be measured side by side, and
 * {@code --start-curve-only} (each system is started and measured over its first minutes only, for such levers).
 * For looking into where the time goes: {@code --workloads W1,W3} (measure only these, after the same warm-up) and
 * {@code --async-profiler PATH} (the path of {@code libasyncProfiler.so}: each measured part of a Java server is
 * profiled on its own, CPU samples asked for every millisecond (the kernel's timer tick may make them coarser:
 * 4 ms on these machines), into {@code work/profiles/} as collapsed stacks). Runs with
 * either option are never written as the result.
 */
public record Options(
        boolean quick,
        boolean reloadData,
        boolean peers,
        Set<String> systems,
        int residents,
        long seed,
        int repetitions,
        RunLengths runLengths,
        Path root,
        java.util.Optional<Path> gatewayJava,
        java.util.Optional<Path> gatewayJarOverride,
        List<String> gatewayJvmOptions,
        boolean startCurveOnly,
        Set<Workload> workloads,
        java.util.Optional<Path> asyncProfiler) {
    /** The demo profile's seed: the benchmark data are the demo's, only larger. */
    public static final long SEED = 20250601L;
    /** The systems a run can measure, by the names {@code --systems} takes. */
    public static final List<String> SYSTEMS = List.of("govshare", "bare", "jdbc", "postgraphile", "federation");

    public Options {
        requireNonNull(runLengths, "runLengths is null");
        systems = Set.copyOf(systems);
        if (!SYSTEMS.containsAll(systems) || systems.isEmpty()) {
            throw new IllegalArgumentException("--systems takes a comma-separated subset of " + SYSTEMS);
        }
        requireNonNull(root, "root is null");
        requireNonNull(gatewayJava, "gatewayJava is null");
        requireNonNull(gatewayJarOverride, "gatewayJarOverride is null");
        gatewayJvmOptions = List.copyOf(gatewayJvmOptions);
        // In the workloads' own order, and unmodifiable like the record's other collections.
        workloads = workloads.isEmpty()
                ? Set.of()
                : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(workloads));
        requireNonNull(asyncProfiler, "asyncProfiler is null");
        if (residents < 1_000 || residents > 10_000_000) {
            throw new IllegalArgumentException("residents must be 1,000 … 10,000,000");
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1");
        }
    }

    public static Options parse(String... arguments) {
        boolean quick = false;
        boolean reload = false;
        boolean peers = true;
        Integer residents = null;
        Integer repetitions = null;
        Set<String> systems = Set.copyOf(SYSTEMS);
        Path root = Path.of("").toAbsolutePath();
        Path gatewayJava = null;
        Path gatewayJar = null;
        List<String> gatewayJvmOptions = new java.util.ArrayList<>();
        boolean startCurveOnly = false;
        Set<Workload> workloads = Set.copyOf(java.util.EnumSet.allOf(Workload.class));
        Path asyncProfiler = null;
        for (int i = 0; i < arguments.length; i++) {
            switch (arguments[i]) {
                case "--quick" -> quick = true;
                case "--reload-data" -> reload = true;
                case "--no-peers" -> peers = false;
                case "--residents" -> residents = Integer.parseInt(value(arguments, ++i));
                case "--repetitions" -> repetitions = Integer.parseInt(value(arguments, ++i));
                case "--systems" -> systems = Set.of(value(arguments, ++i).split(","));
                case "--root" -> root = Path.of(value(arguments, ++i)).toAbsolutePath();
                case "--gateway-java" ->
                    gatewayJava = Path.of(value(arguments, ++i)).toAbsolutePath();
                case "--gateway-jar" ->
                    gatewayJar = Path.of(value(arguments, ++i)).toAbsolutePath();
                case "--gateway-jvm-option" -> gatewayJvmOptions.add(value(arguments, ++i));
                case "--start-curve-only" -> startCurveOnly = true;
                case "--workloads" -> workloads = workloads(value(arguments, ++i));
                case "--async-profiler" ->
                    asyncProfiler = Path.of(value(arguments, ++i)).toAbsolutePath();
                default ->
                    throw new IllegalArgumentException("unknown option " + arguments[i]
                            + " (known: --quick --reload-data --no-peers --systems a,b --residents N --repetitions N --root DIR"
                            + " --gateway-java PATH --gateway-jar PATH --gateway-jvm-option OPTION --start-curve-only"
                            + " --workloads W1,W3 --async-profiler PATH)");
            }
        }
        return new Options(
                quick,
                reload,
                peers,
                systems,
                residents == null ? 1_000_000 : residents,
                SEED,
                repetitions == null ? (quick ? 1 : 3) : repetitions,
                quick ? RunLengths.QUICK : RunLengths.FULL,
                root,
                java.util.Optional.ofNullable(gatewayJava),
                java.util.Optional.ofNullable(gatewayJar),
                gatewayJvmOptions,
                startCurveOnly,
                workloads,
                java.util.Optional.ofNullable(asyncProfiler));
    }

    private static Set<Workload> workloads(String names) {
        Set<Workload> workloads = java.util.EnumSet.noneOf(Workload.class);
        for (String name : names.split(",")) {
            try {
                workloads.add(Workload.valueOf(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--workloads takes a comma-separated subset of " + java.util.Arrays.toString(Workload.values()),
                        e);
            }
        }
        return workloads;
    }

    /** True when every workload is measured and nothing is profiled: a run that may be written as the result. */
    public boolean complete() {
        return workloads.size() == Workload.values().length && asyncProfiler.isEmpty();
    }

    private static String value(String[] arguments, int index) {
        if (index >= arguments.length) {
            throw new IllegalArgumentException(arguments[index - 1] + " needs a value");
        }
        return arguments[index];
    }

    /** True when the run measures {@code system} (one of {@link #SYSTEMS}). */
    public boolean measures(String system) {
        return systems.contains(system);
    }

    public Path loadTests() {
        return root.resolve("load-tests");
    }

    /** Scratch space: peers' npm installs, the market H2 file, server logs (gitignored). */
    public Path work() {
        return loadTests().resolve("work");
    }

    public Path gatewayJar() {
        return gatewayJarOverride.orElse(root.resolve("gateway/target/govshare-gateway-0.1.0-SNAPSHOT-exec.jar"));
    }

    /**
     * How long each step runs. After its start, each system is warmed up in rounds of {@code settleRound} per
     * workload, at least {@code minimumSettleRounds} and then until a round's rates stay within 5 % of the previous
     * round's (at most {@code settleRounds} rounds): on one core the gateway's JIT compiler needs three to four minutes
     * of load before the code it runs is the code it keeps, and two noisy rounds can look settled long before that. Then per
     * workload: a short closed-loop warm-up, a measured closed loop (the maximum rate), and three open-model runs at
     * fixed rates, each after a short unmeasured ramp.
     */
    public record RunLengths(
            Duration settleRound,
            int minimumSettleRounds,
            int settleRounds,
            Duration warmUp,
            Duration closedLoop,
            Duration ramp,
            Duration openModel,
            int coldShapes,
            Duration startCurve,
            Duration startCurveSlice) {
        static final RunLengths FULL = new RunLengths(
                Duration.ofSeconds(5),
                7,
                14,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofSeconds(6),
                1_000,
                Duration.ofMinutes(5),
                Duration.ofSeconds(5));
        static final RunLengths QUICK = new RunLengths(
                Duration.ofSeconds(1),
                1,
                1,
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                Duration.ofMillis(300),
                Duration.ofSeconds(2),
                100,
                Duration.ofSeconds(10),
                Duration.ofSeconds(2));

        public RunLengths {
            requireNonNull(settleRound, "settleRound is null");
            requireNonNull(warmUp, "warmUp is null");
            requireNonNull(closedLoop, "closedLoop is null");
            requireNonNull(ramp, "ramp is null");
            requireNonNull(openModel, "openModel is null");
            requireNonNull(startCurve, "startCurve is null");
            requireNonNull(startCurveSlice, "startCurveSlice is null");
            if (minimumSettleRounds < 1 || settleRounds < minimumSettleRounds || coldShapes < 1) {
                throw new IllegalArgumentException(
                        "1 ≤ minimumSettleRounds ≤ settleRounds and coldShapes ≥ 1 must hold");
            }
        }
    }
}
