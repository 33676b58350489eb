package org.govshare.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The gateway's executable jar started as a process of its own, as an operator runs it: for tests that kill it, run
 * several instances, or must not share the test JVM. Its output goes to a log file under {@code target/}.
 */
public final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path logFile;

    private GatewayProcess(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** Starts the jar with these {@code --name=value} arguments on a free port and waits until it answers. */
    public static GatewayProcess start(String name, List<String> arguments) {
        return start(name, executableJar(), arguments);
    }

    /**
     * Starts this jar (e.g. a copy a concurrent build cannot replace) with these {@code --name=value} arguments on a
     * free port and waits until it answers.
     */
    public static GatewayProcess start(String name, Path jar, List<String> arguments) {
        int port = freePort();
        Path logFile =
                Path.of("target", "gateway-" + name + "-" + port + ".log").toAbsolutePath();
        List<String> all = new ArrayList<>();
        all.add("--server.port=" + port);
        all.addAll(arguments);
        List<String> command = command("512m", jar, all);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            GatewayProcess gateway = new GatewayProcess(process, port, logFile);
            gateway.awaitReady(Duration.ofSeconds(120));
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a run of the jar that ends by itself printed, and its exit code. */
    public record Exit(int code, String output) {}

    /**
     * Runs the jar with these arguments (no port of its own: it is expected to stop by itself, e.g. refusing to start
     * or checking a catalog) and waits for it to end.
     */
    public static Exit run(String name, List<String> arguments, Duration patience) {
        Path logFile = Path.of("target", "gateway-" + name + "-" + System.nanoTime() + ".log")
                .toAbsolutePath();
        List<String> command = command("256m", executableJar(), arguments);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            if (!process.waitFor(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw new IllegalStateException("the jar did not end within " + patience + "; see " + logFile);
            }
            return new Exit(process.exitValue(), Files.readString(logFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The process's id: the same one for as long as it was not restarted. */
    public long pid() {
        return process.pid();
    }

    /**
     * The live heap after a full collection, in bytes: {@code jcmd <pid> GC.class_histogram} collects first and then
     * counts every live object.
     */
    public long liveHeapBytes() {
        java.nio.file.Path jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process histogram = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
                    .redirectErrorStream(true)
                    .start();
            String output =
                    new String(histogram.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!histogram.waitFor(2, java.util.concurrent.TimeUnit.MINUTES) || histogram.exitValue() != 0) {
                throw new IllegalStateException("jcmd GC.class_histogram failed: " + output);
            }
            for (String line : output.split("\n")) {
                if (line.startsWith("Total")) {
                    String[] columns = line.trim().split("\\s+");
                    return Long.parseLong(columns[2]);
                }
            }
            throw new IllegalStateException("no total in the class histogram: " + output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the process at once ({@code kill -9}): no shutdown hook runs, nothing is flushed. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the process to stop ({@code SIGTERM}) and waits for it: its exit code. */
    public int terminate(java.time.Duration patience) {
        process.destroy();
        try {
            if (!process.waitFor(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                kill();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            return -1;
        }
    }

    /** The process's output so far. */
    public String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited during start-up; see " + logFile);
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphiql"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        kill();
        throw new IllegalStateException("the gateway did not start within " + timeout + "; see " + logFile);
    }

    /** The java command running the executable jar with this heap and these arguments. */
    private static List<String> command(String heap, Path jar, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + heap);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(arguments);
        return command;
    }

    /**
     * The jar under {@code target/}, or the one named by the system property {@code govshare.test.gateway-jar} (to
     * run a test against another build, e.g. to see it fail on the code before a fix).
     */
    public static Path executableJar() {
        String named = System.getProperty("govshare.test.gateway-jar");
        if (named != null && !named.isBlank()) {
            return Path.of(named).toAbsolutePath();
        }
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no executable jar in target/: run the package phase"))
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
