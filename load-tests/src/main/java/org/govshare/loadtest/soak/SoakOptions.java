package org.govshare.loadtest.soak;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.govshare.loadtest.sidebyside.Options;
import org.jspecify.annotations.Nullable;

/**
 * The soak run's command line: {@code --minutes N} (default 10), {@code --rate-fraction F} (the share of the measured
 * maximum rate to hold, default 0.7), {@code --root DIR} (the repository) and {@code --gateway-jar PATH} (the jar to
 * run; run-java.sh passes a copy, so that a build meanwhile cannot change the jar under the running gateway).
 */
record SoakOptions(
        int minutes,
        double rateFraction,
        Path root,
        @Nullable Path gatewayJar) {
    /** The soak: ten minutes at 70 % of the maximum rate. */
    static final int FULL_MINUTES = 10;

    static final double FULL_RATE_FRACTION = 0.7;

    SoakOptions {
        requireNonNull(root, "root is null");
        if (minutes < 1) {
            throw new IllegalArgumentException("--minutes must be at least 1");
        }
        if (!(rateFraction > 0 && rateFraction <= 1)) {
            throw new IllegalArgumentException("--rate-fraction must be above 0 and at most 1");
        }
    }

    static SoakOptions parse(String... arguments) {
        int minutes = FULL_MINUTES;
        double rateFraction = FULL_RATE_FRACTION;
        Path root = Path.of("").toAbsolutePath();
        Path gatewayJar = null;
        for (int i = 0; i < arguments.length; i++) {
            switch (arguments[i]) {
                case "--minutes" -> minutes = Integer.parseInt(value(arguments, ++i));
                case "--rate-fraction" -> rateFraction = Double.parseDouble(value(arguments, ++i));
                case "--root" -> root = Path.of(value(arguments, ++i)).toAbsolutePath();
                case "--gateway-jar" ->
                    gatewayJar = Path.of(value(arguments, ++i)).toAbsolutePath();
                default ->
                    throw new IllegalArgumentException("unknown option " + arguments[i]
                            + " (known: --minutes N --rate-fraction F --root DIR --gateway-jar PATH)");
            }
        }
        return new SoakOptions(minutes, rateFraction, root, gatewayJar);
    }

    private static String value(String[] arguments, int index) {
        if (index >= arguments.length) {
            throw new IllegalArgumentException(arguments[index - 1] + " needs a value");
        }
        return arguments[index];
    }

    Duration duration() {
        return Duration.ofMinutes(minutes);
    }

    /**
     * A run at least as long and as heavy as the soak; only such a run writes to {@code load-tests/results/},
     * shorter or lighter ones write to {@code load-tests/work/partial/}.
     */
    boolean fullLength() {
        return minutes >= FULL_MINUTES && rateFraction >= FULL_RATE_FRACTION;
    }

    /** The side-by-side benchmark's settings for the same data and the same gateway jar, govshare alone. */
    Options benchmarkOptions() {
        List<String> arguments =
                new ArrayList<>(List.of("--root", root.toString(), "--no-peers", "--systems", "govshare"));
        if (gatewayJar != null) {
            arguments.addAll(List.of("--gateway-jar", gatewayJar.toString()));
        }
        return Options.parse(arguments.toArray(String[]::new));
    }

    /** The command that repeats this run, for the report. */
    String command() {
        String command = "load-tests/soak.sh";
        if (minutes != FULL_MINUTES) {
            command += " --minutes " + minutes;
        }
        if (rateFraction != FULL_RATE_FRACTION) {
            command += String.format(Locale.ROOT, " --rate-fraction %s", rateFraction);
        }
        return command;
    }
}
