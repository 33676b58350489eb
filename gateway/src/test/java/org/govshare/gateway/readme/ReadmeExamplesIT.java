package org.govshare.gateway.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.govshare.gateway.testing.GatewayProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The README runs verbatim. The demo jar starts as its own process with the arguments of the README's run command
 * (on a free port, and with fewer generated residents: every example is about the fixed demo records); then every
 * marked shell example runs, in README order, in one {@code bash} session in a scratch copy of the clone's
 * {@code mvnw} and {@code examples/}, as a reader runs them one after the other in one terminal. Two things are
 * rewritten, both declared here: {@code localhost:8080} becomes the gateway's port, and the locale is
 * {@code C.UTF-8}. Each example's output must be what the README shows, but for the fields its marker declares to
 * vary.
 */
class ReadmeExamplesIT {
    private static final Path CLONE = Path.of("").toAbsolutePath().getParent();
    private static final Pattern RUN = Pattern.compile("java -jar (\\S+)((?: --\\S+)*)");
    private static final String BEGIN = "@@readme-example-begin ";
    private static final String END = "@@readme-example-end ";

    private static ReadmeExamples readme;
    private static GatewayProcess gateway;
    private static Path workspace;
    private static String log;
    private static final Map<String, String> printed = new LinkedHashMap<>();

    @BeforeAll
    static void runTheReadme() throws IOException, InterruptedException {
        readme = ReadmeExamples.parse(Files.readString(CLONE.resolve("README.md")));
        List<String> arguments =
                new ArrayList<>(runCommand().subList(1, runCommand().size()));
        arguments.add("--govshare.demo.residents=2000");
        gateway = GatewayProcess.start("readme", arguments);
        workspace = scratchClone();
        StringBuilder script = new StringBuilder();
        for (ReadmeExamples.Example example : readme.examples()) {
            if (example.output() != null) {
                script.append("echo '").append(BEGIN).append(example.name()).append("'\n");
                script.append(example.commands().replace("localhost:8080", "localhost:" + gateway.port()));
                script.append("\necho\necho '")
                        .append(END)
                        .append(example.name())
                        .append("'\n");
            }
        }
        Path scriptFile = workspace.resolve("readme-examples.sh");
        Files.writeString(scriptFile, script);
        Path output = workspace.resolve("readme-examples.out");
        ProcessBuilder bash = new ProcessBuilder("bash", "--noprofile", "--norc", scriptFile.toString())
                .directory(workspace.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        bash.environment().put("LANG", "C.UTF-8");
        bash.environment().put("LC_ALL", "C.UTF-8");
        Process process = bash.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        log = Files.readString(output, StandardCharsets.UTF_8);
        collect(log);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (workspace != null) {
            delete(workspace);
        }
    }

    @Test
    void theReadmeRunsTheDemoJarWithTheProfileItNames() {
        List<String> command = runCommand();

        assertThat(CLONE.resolve(command.get(0))).exists();
        assertThat(command).contains("--spring.profiles.active=demo");
        assertThat(readme.examples())
                .extracting(ReadmeExamples.Example::name)
                .contains(
                        "first-query",
                        "forbidden-field",
                        "malformed-request",
                        "verification",
                        "typed-client-bank-kyc",
                        "typed-client-pension-window",
                        "admin-api");
    }

    @TestFactory
    Stream<DynamicTest> eachExamplePrintsWhatTheReadmeShows() {
        return readme.examples().stream()
                .filter(example -> example.output() != null)
                .map(example -> DynamicTest.dynamicTest(example.name(), () -> {
                    String actual = printed.get(example.name());
                    assertThat(actual)
                            .as(
                                    "README line %d, %s: the session printed%n%s%nthe gateway logged%n%s",
                                    example.line(), example.name(), log, gateway.log())
                            .isNotNull();
                    assertThat(example.comparable(actual))
                            .as(
                                    "README line %d, %s (fields that may vary: %s)",
                                    example.line(), example.name(), example.varies())
                            .isEqualTo(example.comparable(example.output()));
                }));
    }

    /** The README's {@code java -jar <jar> <arguments>}, the jar relative to the clone. */
    private static List<String> runCommand() {
        Matcher run = RUN.matcher(readme.named("run-demo").commands());
        assertThat(run.find()).as("the README's run command").isTrue();
        List<String> command = new ArrayList<>();
        command.add(run.group(1));
        Arrays.stream(run.group(2).trim().split(" "))
                .filter(argument -> !argument.isEmpty())
                .forEach(command::add);
        return command;
    }

    /** What each example printed, between the markers the script put around it. */
    private static void collect(String output) {
        String current = null;
        StringBuilder text = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith(BEGIN)) {
                current = line.substring(BEGIN.length());
                text.setLength(0);
            } else if (current != null && line.equals(END + current)) {
                printed.put(current, text.toString());
                current = null;
            } else if (current != null) {
                text.append(line).append('\n');
            }
        }
    }

    /**
     * A scratch directory with what the README's commands use from a clone: the Maven wrapper and the example
     * client projects (without any schema or build output of an earlier run).
     */
    private static Path scratchClone() throws IOException {
        Path scratch = Files.createTempDirectory("govshare-readme");
        Files.createSymbolicLink(scratch.resolve("mvnw"), CLONE.resolve("mvnw"));
        Files.createSymbolicLink(scratch.resolve(".mvn"), CLONE.resolve(".mvn"));
        Path examples = CLONE.resolve("examples");
        try (Stream<Path> files = Files.walk(examples)) {
            for (Path file : files.toList()) {
                Path relative = examples.relativize(file);
                if (relative.getNameCount() > 1
                        && List.of("target", "schema")
                                .contains(relative.getName(1).toString())) {
                    continue;
                }
                Path copy = scratch.resolve("examples").resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return scratch;
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
