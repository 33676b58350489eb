package org.govshare.loadtest.sidebyside;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.govshare.loadtest.server.ServerProcess;

/**
 * async-profiler attached to a Java server under test for one measured part: CPU samples asked for every millisecond
 * (the {@code itimer} event, which needs no perf permissions; it ticks with the kernel's timer, every 4 ms on these
 * machines, so each sample stands for that much CPU), written as collapsed stacks, one file per part, so that a
 * part's profile is not mixed with the warm-up's or another load level's. Loaded with {@code jcmd
 * JVMTI.agent_load}, so the server starts exactly as in an unprofiled run. Without a library path it does nothing.
 */
final class Profiler {
    private static final long JCMD_TIMEOUT_SECONDS = 30;

    private final Optional<Path> library;
    private final Path directory;

    Profiler(Optional<Path> library, Path directory) {
        this.library = requireNonNull(library, "library is null");
        this.directory = requireNonNull(directory, "directory is null");
    }

    /** Starts sampling the system's Java server (the gateway or the bare endpoint), if profiling was asked for. */
    Optional<Session> start(SystemUnderTest system) throws InterruptedException {
        boolean javaServer = system instanceof GovshareSystem || system instanceof BareEndpointSystem;
        if (library.isEmpty() || !javaServer || system.processes().size() != 1) {
            return Optional.empty();
        }
        ServerProcess process = system.processes().get(0);
        jcmd(process, "start,event=itimer,interval=1ms");
        return Optional.of(new Session(process));
    }

    private void jcmd(ServerProcess process, String arguments) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process command = new ProcessBuilder(List.of(
                            jcmd.toString(),
                            Long.toString(process.pid()),
                            "JVMTI.agent_load",
                            library.orElseThrow().toString(),
                            // Quoted: jcmd's own parser would split the agent's options at their commas.
                            '"' + arguments + '"'))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // jcmd exits 0 when the agent refuses its options; the agent's "return code" says whether it took them.
            if (!command.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    || command.exitValue() != 0
                    || !output.contains("return code: 0")) {
                command.destroyForcibly();
                throw new IllegalStateException("jcmd " + arguments + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + jcmd, e);
        }
    }

    /** One part's sampling, stopped into its own file. */
    final class Session {
        private final ServerProcess process;

        private Session(ServerProcess process) {
            this.process = process;
        }

        /**
         * Stops sampling and writes the collapsed stacks to {@code <directory>/<stem>.collapsed} (a stem of
         * {@link SideBySideBenchmark#fileStem}: nothing in it breaks the file name or jcmd's arguments); returns the
         * file.
         */
        Path stop(String stem) throws InterruptedException {
            Path file = directory.resolve(stem + ".collapsed");
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create " + directory, e);
            }
            jcmd(process, "stop,file=" + file + ",collapsed");
            return file;
        }
    }
}
