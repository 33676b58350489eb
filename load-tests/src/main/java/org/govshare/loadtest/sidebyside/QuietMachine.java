package org.govshare.loadtest.sidebyside;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Whether the machine was quiet while a system was measured: the CPU time the machine spent over an interval
 * ({@code /proc/stat}) less the CPU time of the processes that belong to the run ({@code /proc/<pid>/stat}: the system
 * under test, this benchmark and the database servers it asks) is what other processes took, and the steal time is
 * what the hypervisor gave to other guests. Either beyond its limit, the interval's figures measure the neighbours as
 * much as the system, and the run is not written as the result.
 */
public final class QuietMachine {
    /** The database and cache servers the systems ask: their CPU time belongs to the run. */
    static final Set<String> SERVERS = Set.of("postgres", "mariadbd", "mysqld", "redis-server");

    /**
     * What a quiet machine allows: other processes using at most {@code maximumOtherCores} cores on average (a
     * tenth of a core: a shell, a monitoring agent) and at most {@code maximumStealShare} of the machine's time stolen.
     */
    public record Limits(double maximumOtherCores, double maximumStealShare) {
        public static final Limits DEFAULT = new Limits(0.10, 0.02);

        public Limits {
            if (!(maximumOtherCores >= 0) || !(maximumStealShare >= 0) || maximumStealShare > 1) {
                throw new IllegalArgumentException("limits out of range");
            }
        }
    }

    /**
     * The machine's CPU time since boot in clock ticks, all cores together: busy in processes (user, nice, system), in
     * interrupts (irq, softirq), idle (with I/O wait) and stolen.
     */
    record MachineTicks(long busy, long interrupts, long idle, long steal, int cores) {
        long total() {
            return busy + interrupts + idle + steal;
        }

        /**
         * From the text of {@code /proc/stat}: the {@code cpu} line's user, nice, system, idle, iowait, irq, softirq
         * and steal (guest time is already within user and nice), and the number of {@code cpuN} lines.
         */
        static MachineTicks parse(String procStat) {
            long[] fields = null;
            int cores = 0;
            for (String line : procStat.split("\n")) {
                String[] parts = line.trim().split("\\s+");
                if (parts[0].equals("cpu")) {
                    fields = new long[8];
                    for (int i = 0; i < 8; i++) {
                        fields[i] = i + 1 < parts.length ? Long.parseLong(parts[i + 1]) : 0;
                    }
                } else if (parts[0].startsWith("cpu")) {
                    cores++;
                }
            }
            if (fields == null) {
                throw new IllegalArgumentException("no cpu line in /proc/stat");
            }
            return new MachineTicks(
                    fields[0] + fields[1] + fields[2],
                    fields[5] + fields[6],
                    fields[3] + fields[4],
                    fields[7],
                    Math.max(1, cores));
        }
    }

    /** One reading: the machine's ticks and the ticks of each process of the run, by process id. */
    record Reading(MachineTicks machine, Map<Long, Long> runTicks) {
        Reading {
            requireNonNull(machine, "machine is null");
            runTicks = Map.copyOf(runTicks);
        }
    }

    /**
     * The judgement of one interval: cores other processes used on average, the stolen share, and whether it passes;
     * with the cores the kernel spent in interrupts (not judged, see the class).
     */
    public record Verdict(boolean quiet, double otherCores, double stealShare, double seconds, double interruptCores) {
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s: other processes %.2f cores, steal %.1f %% over %.1f s (interrupts %.2f cores)",
                    quiet ? "quiet" : "busy",
                    otherCores,
                    100 * stealShare,
                    seconds,
                    interruptCores);
        }
    }

    private final Limits limits;

    public QuietMachine(Limits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    /** Reads the machine now, counting as the run's own the processes {@code ofTheRun} accepts and the servers. */
    public static Reading read(LongPredicate ofTheRun) {
        try {
            MachineTicks machine = MachineTicks.parse(Files.readString(Path.of("/proc/stat")));
            Map<Long, Long> ticks = new HashMap<>();
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path process : processes) {
                    long pid = Long.parseLong(process.getFileName().toString());
                    try {
                        String stat = Files.readString(process.resolve("stat"));
                        if (ofTheRun.test(pid) || SERVERS.contains(command(stat))) {
                            ticks.put(pid, processTicks(stat));
                        }
                    } catch (IOException | RuntimeException e) {
                        // The process ended between the listing and the read: it holds nothing of the interval.
                    }
                }
            }
            return new Reading(machine, ticks);
        } catch (IOException e) {
            throw new IllegalStateException("/proc is needed to tell whether the machine is quiet", e);
        }
    }

    /** The command name of a {@code /proc/<pid>/stat} line (field 2, in parentheses, may hold spaces). */
    static String command(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** User and system time of a {@code /proc/<pid>/stat} line, in clock ticks (fields 14 and 15). */
    static long processTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * Judges the interval between two readings. A process of the run that started within it counts from zero; one
     * that ended within it is not seen in the second reading, and what it used counts as the others' (erring on busy).
     */
    public Verdict judge(Reading before, Reading after) {
        long total = after.machine().total() - before.machine().total();
        if (total <= 0) {
            return new Verdict(true, 0, 0, 0, 0);
        }
        long busy = after.machine().busy() - before.machine().busy();
        long steal = after.machine().steal() - before.machine().steal();
        long run = 0;
        for (Map.Entry<Long, Long> process : after.runTicks().entrySet()) {
            run += Math.max(0, process.getValue() - before.runTicks().getOrDefault(process.getKey(), 0L));
        }
        int cores = after.machine().cores();
        double seconds = (double) total / cores / TICKS_PER_SECOND;
        double otherCores = Math.max(0, busy - run) / (double) total * cores;
        double stealShare = steal / (double) total;
        double interruptCores = (after.machine().interrupts() - before.machine().interrupts()) / (double) total * cores;
        boolean quiet = otherCores <= limits.maximumOtherCores() && stealShare <= limits.maximumStealShare();
        return new Verdict(quiet, otherCores, stealShare, seconds, interruptCores);
    }

    /** USER_HZ: the kernel reports CPU times in hundredths of a second on every Linux this runs on. */
    static final int TICKS_PER_SECOND = 100;
}
