package org.govshare.gateway.operations;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JIT's recompilation cutoffs of the production start command (README, <i>Run it on your own data</i>, step 7).
 * Past HotSpot's default cutoffs C2 compiles a branch it has not seen taken as a trap that sends every pass back to
 * the interpreter and never recompiles the method; when that branch becomes common (a guessing defence's crowded
 * reservations under a burst of lookups) every request through it pays a deoptimisation for the rest of the
 * process's life. The flags cannot be set from inside the jar, so a production start without them is named in the
 * log once, at start-up.
 */
public final class JitCutoffs {
    private static final Logger log = LoggerFactory.getLogger(JitCutoffs.class);

    /** The value the start command gives both cutoffs. */
    static final long RECOMMENDED = 10_000;

    static final List<String> OPTIONS = List.of("PerMethodRecompilationCutoff", "PerBytecodeRecompilationCutoff");

    private JitCutoffs() {}

    /** Logs a warning when the running JVM has either cutoff below {@link #RECOMMENDED}. */
    public static void warnIfLow() {
        List<String> low = below(JitCutoffs::vmOption);
        if (!low.isEmpty()) {
            log.warn(message(low));
        }
    }

    /**
     * The cutoffs below {@link #RECOMMENDED}, as {@code name=value}; none when the JVM has neither option (not
     * HotSpot) or a value is not a number.
     */
    static List<String> below(Function<String, Optional<String>> option) {
        List<String> low = new ArrayList<>();
        for (String name : OPTIONS) {
            option.apply(name).ifPresent(value -> {
                try {
                    if (Long.parseLong(value) < RECOMMENDED) {
                        low.add(name + "=" + value);
                    }
                } catch (NumberFormatException e) {
                    // Not a HotSpot cutoff as known here: nothing to say about it.
                }
            });
        }
        return low;
    }

    static String message(List<String> low) {
        return "the JVM runs with JIT recompilation cutoffs below the start command's (" + String.join(", ", low)
                + "): a method recompiled often enough can deoptimise on every request for the rest of the process's"
                + " life; start it with -XX:PerMethodRecompilationCutoff=" + RECOMMENDED
                + " -XX:PerBytecodeRecompilationCutoff=" + RECOMMENDED + " (README, Run it on your own data, step 7)";
    }

    private static Optional<String> vmOption(String name) {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotSpot == null
                    ? Optional.empty()
                    : Optional.of(hotSpot.getVMOption(name).getValue());
        } catch (IllegalArgumentException e) {
            // This JVM has no such option.
            return Optional.empty();
        }
    }
}
