package org.govshare.loadtest.soak;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.govshare.loadtest.load.RunResult;
import org.govshare.loadtest.sidebyside.Environment;
import org.govshare.loadtest.sidebyside.Options;
import org.govshare.loadtest.sidebyside.Workload;

/**
 * Writes a soak run's report: {@code load-tests/results/soak-<minutes>-minutes.md} for a run of at least the issue's
 * length and rate, {@code load-tests/work/partial/} for a shorter or lighter one, so that it cannot overwrite a
 * committed one.
 */
final class SoakReport {
    private final SoakOptions options;
    private final Options benchmark;
    private final Environment environment;
    private final Findings findings;

    /**
     * What a soak run found.
     *
     * @param maximumRate answers per second of the closed loop on the mix
     * @param rate the soak's arrival rate
     * @param soak the soak's latencies (from each request's intended send time)
     * @param warmUp how the warm-up's and the maximum-rate run's requests ended
     * @param answers how the soak's requests ended, by workload
     * @param startWarnings what the gateway logged at WARN or ERROR before the soak (start-up, warm-up)
     * @param soakWarnings what it logged at WARN or ERROR during the soak
     */
    record Findings(
            double maximumRate,
            double rate,
            RunResult soak,
            Answers warmUp,
            Map<Workload, Answers> answers,
            List<Sample> samples,
            List<Check> checks,
            GatewayLog.Warnings startWarnings,
            GatewayLog.Warnings soakWarnings) {
        Findings {
            requireNonNull(soak, "soak is null");
            requireNonNull(warmUp, "warmUp is null");
            requireNonNull(startWarnings, "startWarnings is null");
            requireNonNull(soakWarnings, "soakWarnings is null");
            Map<Workload, Answers> byWorkload = new EnumMap<>(Workload.class);
            byWorkload.putAll(answers);
            answers = Collections.unmodifiableMap(byWorkload);
            samples = List.copyOf(samples);
            checks = List.copyOf(checks);
        }
    }

    SoakReport(SoakOptions options, Options benchmark, Environment environment, Findings findings) {
        this.options = requireNonNull(options, "options is null");
        this.benchmark = requireNonNull(benchmark, "benchmark is null");
        this.environment = requireNonNull(environment, "environment is null");
        this.findings = requireNonNull(findings, "findings is null");
    }

    /** Writes the report and returns where. */
    Path write() throws IOException {
        String name = "soak-" + options.minutes() + "-minutes.md";
        Path file = options.fullLength()
                ? benchmark.loadTests().resolve("results").resolve(name)
                : benchmark.work().resolve("partial").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
        return file;
    }

    private String markdown() {
        StringBuilder text = new StringBuilder();
        text.append(format(
                "# Soak run: %d minute%s at %.0f %% of the maximum rate%n%n",
                options.minutes(), options.minutes() == 1 ? "" : "s", options.rateFraction() * 100));
        if (!options.fullLength()) {
            text.append(format(
                    "> **Partial run**: shorter or lighter than the issue's soak (%d minutes at %.0f %%). It proves the"
                            + " pipeline; its figures are not the soak's result.%n%n",
                    SoakOptions.FULL_MINUTES, SoakOptions.FULL_RATE_FRACTION * 100));
        }
        boolean passed = findings.checks().stream().allMatch(Check::passed);
        text.append(format(
                "**%s.** %s on %d cores (%s), %s, PostgreSQL %s, MariaDB %s. Data: %,d generated residents (seed %d)"
                        + " plus the fixed records, in the benchmark's own databases. The gateway runs its jar as"
                        + " deployed (policy and audit trail in its PostgreSQL control plane, quotas in Redis, a fresh"
                        + " audit key) %s; the databases are not pinned. Load average (1 / 5 / 15 min) at the start:"
                        + " %s; at the end: %s.%n%n",
                passed ? "Every check passed" : "A check failed",
                environment.date(),
                environment.cores(),
                environment.processor(),
                environment.java(),
                environment.postgresql(),
                environment.mariadb(),
                benchmark.residents(),
                benchmark.seed(),
                environment.pinned()
                        ? "pinned to core 0, the load generator to core 1 (`taskset`)"
                        : "unpinned (no `taskset` here)",
                environment.loadAtStart(),
                environment.loadAtEnd()));
        text.append("Command (the local PostgreSQL, MariaDB and Redis running):\n\n```sh\n")
                .append(options.command())
                .append("\n```\n\n");
        text.append(format(
                "The mix sends W1 to W5 in turn (W3 as bank-kyc with true claims; W5 is a refusal the contract"
                        + " requires). After warm-up rounds until the rate settles, a %d s closed loop over %d"
                        + " connections measures the maximum rate; the soak then sends at a fixed rate over as many"
                        + " connections, latency counted from each request's intended send time (no coordinated"
                        + " omission).%n%n",
                SoakRun.MAXIMUM_RUN.toSeconds(), SoakRun.CONNECTIONS));
        RunResult soak = findings.soak();
        text.append("| | |\n|---|---|\n");
        text.append(format("| maximum rate of the mix | %,.0f answers/s |%n", findings.maximumRate()));
        text.append(format(
                "| soak rate | %,.0f requests/s (%.0f %%) for %d min; answered as expected %,.0f/s |%n",
                findings.rate(), options.rateFraction() * 100, options.minutes(), soak.achievedRate()));
        text.append(format(
                "| latency of the expected answers | p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f"
                        + " ms |%n",
                soak.percentileMillis(50),
                soak.percentileMillis(90),
                soak.percentileMillis(99),
                soak.percentileMillis(99.9),
                soak.latencies().getMaxValue() / 1e6));
        text.append(format(
                "| warm-up and maximum-rate run | %,d answers, %,d errors |%n",
                findings.warmUp().responses(), findings.warmUp().errors()));
        text.append(format(
                "| gateway log at WARN or ERROR (none is a check; they show failovers the answers hide) | before the"
                        + " soak: %s; during the soak: %s |%n%n",
                tableCell(findings.startWarnings().toString()),
                tableCell(findings.soakWarnings().toString())));

        text.append("## Checks\n\n| check | requirement | result | figures |\n|---|---|---|---|\n");
        for (Check check : findings.checks()) {
            text.append(format(
                    "| %s | %s | **%s** | %s |%n",
                    check.name(), check.requirement(), check.verdict(), tableCell(check.figures())));
        }
        text.append("\n## Answers by workload\n\n| workload | expected | unexpected | lost |\n|---|---|---|---|\n");
        findings.answers()
                .forEach((workload, answers) -> text.append(format(
                        "| %s %s | %,d | %,d | %,d |%n",
                        workload, workload.title(), answers.expected(), answers.unexpected(), answers.lost())));
        text.append("\n## Progress\n\nThe readings right after the gateway's full collections, one a minute under load"
                + " (every reading is in the run's output).\n\n");
        text.append(
                "| elapsed | answers/s | errors so far | old generation after a full collection | pool connections in use"
                        + " | database sessions |\n|---|---|---|---|---|---|\n");
        for (Sample sample : findings.samples()) {
            if (sample.afterFullCollection()) {
                text.append(format(
                        "| %s | %,.0f | %,d | %.1f MiB | %d | %d |%n",
                        SoakRun.minutesAndSeconds(sample.elapsed()),
                        sample.rate(),
                        sample.errors(),
                        SoakRun.mebibytes(sample.longLivedHeapBytes()),
                        sample.connectionsInUse(),
                        sample.totalDatabaseSessions()));
            }
        }
        text.append("\nThe first row is the state after warm-up and a full collection, before the soak began.\n");
        return text.toString();
    }

    private static String tableCell(String text) {
        return text.replace("|", "\\|").replace("`", "'");
    }

    private static String format(String format, Object... arguments) {
        return String.format(Locale.ROOT, format, arguments);
    }
}
