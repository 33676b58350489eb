package org.govshare.gateway.catalog;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.gateway.settings.GovshareProperties;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogBindingCheck;
import org.govshare.schema.catalog.CatalogException;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.govshare.schema.catalog.CatalogProblem;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * {@code java -jar govshare-gateway-…-exec.jar check-catalog <location> [--config=<application.yml>]}: checks a
 * catalog for an operator's CI without starting the gateway. The SDL is checked as a start-up checks it (syntax,
 * directives, references, generated root fields); with a configuration, the catalog's sources are opened from its
 * {@code govshare.sources} and the bindings checked against them too (tables, columns, types, indexes, 一数一源).
 * Every problem is printed as {@code file:line:column: message}; the exit code is 0 when there is none, 1 when there
 * are problems, 2 when the command itself is wrong.
 */
public final class CatalogCheckCommand {
    /** The first argument that selects this command instead of the gateway. */
    public static final String NAME = "check-catalog";

    static final int OK = 0;
    static final int PROBLEMS = 1;
    static final int USAGE = 2;

    private CatalogCheckCommand() {}

    public static int run(List<String> arguments, PrintStream out, PrintStream err) {
        String location = null;
        String config = null;
        for (String argument : arguments) {
            if (argument.startsWith("--config=")) {
                config = argument.substring("--config=".length());
            } else if (location == null && !argument.startsWith("--")) {
                location = argument;
            } else {
                return usage(err, "unexpected argument " + argument);
            }
        }
        if (location == null) {
            return usage(err, "name the catalog's folder or files");
        }
        quietLogs();
        List<CatalogFile> files;
        try {
            files = CatalogLocation.of(location).read();
        } catch (RuntimeException e) {
            err.println("check-catalog: " + e.getMessage());
            return USAGE;
        }
        Map<String, GovshareProperties.Source> sources = null;
        if (config != null) {
            try {
                sources = sources(Path.of(config));
            } catch (IOException | RuntimeException e) {
                err.println("check-catalog: cannot read the configuration " + config + ": " + e.getMessage());
                return USAGE;
            }
        }
        List<String> problems = check(files, sources);
        problems.forEach(out::println);
        if (problems.isEmpty()) {
            out.println("check-catalog: " + files.size() + " file(s) OK"
                    + (sources == null ? " (SDL only: give --config=<application.yml> to check the sources too)" : ""));
            return OK;
        }
        out.println("check-catalog: " + problems.size() + " problem(s)");
        return PROBLEMS;
    }

    private static List<String> check(
            List<CatalogFile> files, @Nullable Map<String, GovshareProperties.Source> sources) {
        Catalog catalog;
        try {
            catalog = (sources == null ? CatalogParser.anySource() : new CatalogParser(sources.keySet())).parse(files);
        } catch (CatalogException e) {
            return e.problems().stream().map(CatalogProblem::toString).toList();
        }
        if (sources == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        List<org.govshare.connector.source.SourceSettings> settings = new ArrayList<>();
        sources.forEach((name, source) -> {
            try {
                settings.add(source.toSettings(name));
            } catch (RuntimeException e) {
                problems.add("config: " + e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            return problems;
        }
        try (SourceRegistry registry = SourceRegistry.open(settings, (name, dataSource) -> dataSource)) {
            CatalogBindingCheck.problems(catalog, registry).forEach(problem -> problems.add(problem.toString()));
        } catch (RuntimeException e) {
            problems.add("config: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
        }
        return problems;
    }

    /** The {@code govshare.sources} of a configuration file, placeholders resolved from the environment. */
    private static Map<String, GovshareProperties.Source> sources(Path config) throws IOException {
        if (!Files.isRegularFile(config)) {
            throw new IOException("no such file");
        }
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader()
                .load(config.toString(), new FileSystemResource(config))
                .forEach(source -> environment.getPropertySources().addLast(source));
        return Binder.get(environment)
                .bind("govshare.sources", Bindable.mapOf(String.class, GovshareProperties.Source.class))
                .orElse(new LinkedHashMap<>());
    }

    /** The connection pools and Calcite log at start-up; a CI log wants the problems only. */
    private static void quietLogs() {
        LoggingSystem logging = LoggingSystem.get(CatalogCheckCommand.class.getClassLoader());
        logging.beforeInitialize();
        logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
    }

    private static int usage(PrintStream err, String problem) {
        err.println("check-catalog: " + problem);
        err.println("usage: java -jar govshare-gateway-<version>-exec.jar check-catalog <folder or files>"
                + " [--config=<application.yml>]");
        return USAGE;
    }
}
