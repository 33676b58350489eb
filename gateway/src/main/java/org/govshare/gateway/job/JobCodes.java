package org.govshare.gateway.job;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How an audit record names the verification job it belongs to: a code {@code JOB:<id>} beside the record's error
 * codes, written by the job's records and read back by {@code accessLog}.
 */
public final class JobCodes {
    private static final String PREFIX = "JOB:";

    private JobCodes() {}

    /** The code that names job {@code id} in each of its records. */
    static String of(String id) {
        return PREFIX + id;
    }

    /** The job a record's codes name, if any. */
    public static @Nullable String jobOf(List<String> codes) {
        return codes.stream()
                .filter(code -> code.startsWith(PREFIX))
                .map(code -> code.substring(PREFIX.length()))
                .findFirst()
                .orElse(null);
    }

    /** A record's codes without the one naming its job. */
    public static List<String> withoutJob(List<String> codes) {
        return codes.stream().filter(code -> !code.startsWith(PREFIX)).toList();
    }
}
