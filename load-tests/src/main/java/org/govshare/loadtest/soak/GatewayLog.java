package org.govshare.loadtest.soak;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the gateway logged at WARN or ERROR (it runs with the root level at WARN): a failover the answers do not show,
 * such as quotas falling back to local counting while Redis does not answer in time.
 */
final class GatewayLog {
    /** Spring Boot's console format: the time stamp, then the level. */
    private static final Pattern ENTRY = Pattern.compile("^\\S+\\s+(WARN|ERROR)\\s.*");

    private GatewayLog() {}

    /**
     * The entries at WARN or ERROR from byte {@code from} of {@code log} on.
     *
     * @param first the first of them, abbreviated
     */
    record Warnings(long warnings, long errors, Optional<String> first) {
        Warnings {
            requireNonNull(first, "first is null");
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d warnings, %d errors", warnings, errors)
                    + first.map(line -> " (first: " + line + ")").orElse("");
        }
    }

    static Warnings warnings(Path log, long from) throws IOException {
        long warnings = 0;
        long errors = 0;
        String first = null;
        try (InputStream input = Files.newInputStream(log)) {
            input.skipNBytes(Math.min(from, Files.size(log)));
            BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (ENTRY.matcher(line).matches()) {
                    if (line.contains(" ERROR ")) {
                        errors++;
                    } else {
                        warnings++;
                    }
                    if (first == null) {
                        first = line.length() <= 300 ? line : line.substring(0, 300) + "…";
                    }
                }
            }
        }
        return new Warnings(warnings, errors, Optional.ofNullable(first));
    }
}
