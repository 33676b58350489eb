package org.govshare.loadtest.sidebyside;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.govshare.gateway.demo.DemoDataGenerator;
import org.govshare.loadtest.data.BenchmarkDatabases;
import org.govshare.loadtest.server.ServerProcess;

/** The machine and software a run measured on, for the report's header. */
public record Environment(
        LocalDate date,
        int cores,
        String processor,
        String java,
        String node,
        String postgresql,
        String mariadb,
        boolean pinned,
        String loadAtStart,
        String loadAtEnd) {
    public Environment {
        requireNonNull(date, "date is null");
        requireNonNull(processor, "processor is null");
        requireNonNull(java, "java is null");
        requireNonNull(node, "node is null");
        requireNonNull(postgresql, "postgresql is null");
        requireNonNull(mariadb, "mariadb is null");
        requireNonNull(loadAtStart, "loadAtStart is null");
        requireNonNull(loadAtEnd, "loadAtEnd is null");
    }

    /**
     * The machine's load averages over 1, 5 and 15 minutes ({@code /proc/loadavg}): above about 1 before the run,
     * other work was using the cores the benchmark measures on.
     */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public static Environment describe(Options options, BenchmarkDatabases databases, String loadAtStart) {
        return new Environment(
                LocalDate.now(),
                Runtime.getRuntime().availableProcessors() > 1
                        ? Runtime.getRuntime().availableProcessors()
                        : onlineCores(),
                processorName(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                Files.isExecutable(Peers.node(options)) ? Peers.nodeVersion(options) : "(peers not installed)",
                version(databases, DemoDataGenerator.POLICE, "SHOW server_version"),
                version(databases, DemoDataGenerator.TAX, "SELECT VERSION()"),
                ServerProcess.pinningAvailable(),
                loadAtStart,
                loadAverage());
    }

    /** The benchmark itself is pinned to one core; the machine's count comes from /proc. */
    private static int onlineCores() {
        try {
            return (int) Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("processor"))
                    .count();
        } catch (IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private static String processorName() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            return lines.stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String version(BenchmarkDatabases databases, String source, String query) {
        try (Connection connection = databases.source(source).connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            return rows.next() ? rows.getString(1) : "unknown";
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
