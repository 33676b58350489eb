package org.govshare.loadtest.sidebyside;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the gateway and the bare endpoint are started: the same JVM and the same flags, so that the difference between
 * them is the code they run. Both are pinned to one core, where the JVM would choose the serial collector anyway;
 * it is named here so that it cannot differ. The JIT compiler threads run at a higher priority than the request
 * threads (the README's production start command does the same): on one core, a dozen runnable request threads
 * otherwise leave the C2 compiler a twelfth of the core, and the gateway ran at a third of its speed for four
 * minutes after its start while the compiler waited (see {@code CHANGES-TO-MEASURE.md}). The recompilation cutoffs
 * are raised as in the README's start command: at the default ones, a method recompiled often enough gets traps
 * that deoptimise on every pass and never recompile (a deoptimisation storm; {@code results/request-path-levers.md}).
 */
final class JavaServers {
    static final List<String> FLAGS = List.of(
            "-Xms1g",
            "-Xmx1g",
            "-XX:+UseSerialGC",
            "-XX:+AlwaysPreTouch",
            "-XX:ThreadPriorityPolicy=1",
            "-XX:CompilerThreadPriority=-20",
            "-XX:PerMethodRecompilationCutoff=10000",
            "-XX:PerBytecodeRecompilationCutoff=10000");
    /** The core the servers under test run on; the benchmark itself runs on the other (side-by-side.sh pins it). */
    static final String SERVER_CPUS = "0";

    private JavaServers() {}

    static List<String> command(List<String> launch) {
        return command(Path.of(System.getProperty("java.home"), "bin", "java"), List.of(), launch);
    }

    /** With another JVM and options of its own after the shared flags (a later flag wins over an earlier one). */
    static List<String> command(Path java, List<String> options, List<String> launch) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(FLAGS);
        command.addAll(options);
        command.addAll(launch);
        return command;
    }
}
