package org.govshare.loadtest.sidebyside;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the gateway and the bare endpoint are started: the same JVM and the same flags, so that the difference between
 * them is the code they run. Both are pinned to one core, where the JVM would choose the serial collector anyway;
 * it is named here so that it cannot differ.
 */
final class JavaServers {
    static final List<String> FLAGS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseSerialGC", "-XX:+AlwaysPreTouch");
    /** The core the servers under test run on; the benchmark itself runs on the other (side-by-side.sh pins it). */
    static final String SERVER_CPUS = "0";

    private JavaServers() {}

    static List<String> command(List<String> launch) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FLAGS);
        command.addAll(launch);
        return command;
    }
}
