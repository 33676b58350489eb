package org.govshare.loadtest.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every server this JVM started and has not stopped: stopped on exit, also when the run fails or is interrupted
 * (Ctrl-C), so that no server outlives the benchmark on a machine others are using.
 */
final class Processes {
    private static final List<ServerProcess> RUNNING = new CopyOnWriteArrayList<>();
    private static final Boolean PINNING = detectTaskset();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Processes::stopAll, "stop-servers"));
    }

    private Processes() {}

    static void register(ServerProcess server) {
        RUNNING.add(server);
    }

    static void unregister(ServerProcess server) {
        RUNNING.remove(server);
    }

    static boolean canPin() {
        return PINNING;
    }

    static void stopAll() {
        for (ServerProcess server : new ArrayList<>(RUNNING)) {
            server.close();
        }
    }

    private static Boolean detectTaskset() {
        try {
            Process probe = new ProcessBuilder("taskset", "-c", "0", "true")
                    .redirectErrorStream(true)
                    .start();
            return probe.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
