package org.govshare.loadtest.server;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A server started as its own process, pinned to the given CPUs with {@code taskset} when the machine has it, its
 * output in a log file. Reads its CPU time and resident memory from {@code /proc}.
 */
public final class ServerProcess implements AutoCloseable {
    /** Clock ticks per second of /proc/[pid]/stat times; 100 on every Linux this runs on (USER_HZ). */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final String name;
    private final Process process;
    private final long startedNanos;
    private final Path log;

    private ServerProcess(String name, Process process, long startedNanos, Path log) {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code directory} with {@code environment} added, pinned to {@code cpus} (a taskset
     * list such as "0"; empty for no pinning).
     */
    public static ServerProcess start(
            String name, List<String> command, Path directory, Map<String, String> environment, String cpus, Path log)
            throws IOException {
        requireNonNull(name, "name is null");
        List<String> full = new ArrayList<>();
        if (!cpus.isEmpty() && Processes.canPin()) {
            full.addAll(List.of("taskset", "-c", cpus));
        }
        full.addAll(command);
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        ServerProcess server = new ServerProcess(name, process, started, log);
        Processes.register(server);
        return server;
    }

    /** True when servers can be pinned to CPUs here ({@code taskset} works). */
    public static boolean pinningAvailable() {
        return Processes.canPin();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public long startedNanos() {
        return startedNanos;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** User plus system CPU time the process has used so far, in nanoseconds (its children not included). */
    public long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Resident memory (VmRSS) in bytes, if the process is alive. */
    public Optional<Long> residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return Optional.empty();
    }

    /** Asks the process to stop, and kills it (and anything it started) if it has not stopped in ten seconds. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        Processes.unregister(this);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }

    /** How long after its start {@code time} (nanoTime) came. */
    public Duration since(long time) {
        return Duration.ofNanos(time - startedNanos);
    }
}
