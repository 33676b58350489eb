package org.govshare.loadtest.sidebyside;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.govshare.loadtest.load.RunResult;
import org.govshare.loadtest.report.Spread;
import org.jspecify.annotations.Nullable;

/** Everything one benchmark run measured, collected as it goes and read by the report. */
final class Results {
    private final List<Measurement> measurements = new ArrayList<>();
    private final List<SystemStart> starts = new ArrayList<>();
    private final List<ColdShapeRun> coldShapes = new ArrayList<>();
    private final Map<Workload, String> pending = new EnumMap<>(Workload.class);
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final Map<Workload, List<String>> gatewaySql = new EnumMap<>(Workload.class);
    private final Set<String> systems = new LinkedHashSet<>();

    /** One measured run of a system under a workload. */
    record Measurement(
            String system,
            Workload workload,
            int repetition,
            LoadLevel level,
            RunResult result,
            double cpuMicrosPerRequest) {
        Measurement {
            requireNonNull(system, "system is null");
            requireNonNull(workload, "workload is null");
            requireNonNull(level, "level is null");
            requireNonNull(result, "result is null");
        }
    }

    /** A system's start-up and, after its runs, its resident memory (NaN for in-process baselines). */
    record SystemStart(String system, int repetition, SystemUnderTest.StartUp startUp, double residentMegabytes) {
        SystemStart {
            requireNonNull(system, "system is null");
            requireNonNull(startUp, "startUp is null");
        }
    }

    /** W6 on one gateway process: every cold document, and split by whether it needed a new source plan. */
    record ColdShapeRun(int repetition, Histogram all, Histogram newPlans, Histogram cachedPlans, long errors) {
        ColdShapeRun {
            requireNonNull(all, "all is null");
            requireNonNull(newPlans, "newPlans is null");
            requireNonNull(cachedPlans, "cachedPlans is null");
            all = all.copy();
            newPlans = newPlans.copy();
            cachedPlans = cachedPlans.copy();
        }
    }

    /** One slice of the first minutes after a system's start: its rate and CPU per request, by time since start. */
    record StartPoint(
            String system, int repetition, double secondsSinceStart, double rate, double cpuMicrosPerRequest) {
        StartPoint {
            requireNonNull(system, "system is null");
        }
    }

    /** Whether the machine was quiet before or during one part of a system's run. */
    record Quietness(String system, int repetition, String part, QuietMachine.Verdict verdict) {
        Quietness {
            requireNonNull(system, "system is null");
            requireNonNull(part, "part is null");
            requireNonNull(verdict, "verdict is null");
        }
    }

    private final List<StartPoint> startPoints = new ArrayList<>();
    private final List<Quietness> quietness = new ArrayList<>();

    void add(StartPoint point) {
        systems.add(point.system());
        startPoints.add(point);
    }

    void add(Quietness checked) {
        quietness.add(checked);
    }

    /** The measurements of a workload that had errors, in the order they ran. */
    List<Measurement> withErrors(Workload workload) {
        return measurements.stream()
                .filter(measurement -> measurement.workload() == workload
                        && measurement.result().errors() > 0)
                .toList();
    }

    List<StartPoint> startPoints() {
        return List.copyOf(startPoints);
    }

    List<Quietness> quietness() {
        return List.copyOf(quietness);
    }

    /** The parts of the run during which the machine was busy: their figures are not a result. */
    List<Quietness> busy() {
        return quietness.stream().filter(checked -> !checked.verdict().quiet()).toList();
    }

    void add(Measurement measurement) {
        systems.add(measurement.system());
        measurements.add(measurement);
    }

    void add(SystemStart start) {
        systems.add(start.system());
        starts.add(start);
    }

    void add(ColdShapeRun run) {
        coldShapes.add(run);
    }

    void pending(Workload workload, String reason) {
        pending.put(workload, reason);
    }

    /**
     * Records that a system failed in a repetition and drops what that repetition of it measured, so that a partial
     * repetition (a server that went away mid-run) does not pull the medians.
     */
    void failed(String system, int repetition, String why) {
        failures.put(system + ", repetition " + repetition, why);
        measurements.removeIf(
                measurement -> measurement.system().equals(system) && measurement.repetition() == repetition);
        coldShapes.removeIf(run -> system.equals("govshare") && run.repetition() == repetition);
    }

    void gatewaySql(Map<Workload, List<String>> statements) {
        gatewaySql.putAll(statements);
    }

    List<String> systems() {
        return List.copyOf(systems);
    }

    Optional<String> pendingReason(Workload workload) {
        return Optional.ofNullable(pending.get(workload));
    }

    Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    Map<Workload, List<String>> gatewaySql() {
        return Map.copyOf(gatewaySql);
    }

    List<ColdShapeRun> coldShapes() {
        return List.copyOf(coldShapes);
    }

    List<SystemStart> starts(String system) {
        return starts.stream().filter(start -> start.system().equals(system)).toList();
    }

    boolean has(String system, Workload workload) {
        return measurements.stream()
                .anyMatch(measurement -> measurement.system().equals(system) && measurement.workload() == workload);
    }

    /** Median and range over the repetitions of one figure of one system, workload and load level. */
    @Nullable
    Spread spread(String system, Workload workload, LoadLevel level, ToDoubleFunction<Measurement> figure) {
        return Spread.over(
                measurements.stream()
                        .filter(measurement -> measurement.system().equals(system)
                                && measurement.workload() == workload
                                && measurement.level() == level)
                        .toList(),
                figure);
    }
}
