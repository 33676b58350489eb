package org.govshare.connector.source;

import static java.util.Objects.requireNonNull;

/**
 * A source could not answer: unreachable, timed out, overloaded or failing. The message names only the source;
 * the cause (which may name tables or values) is for the log.
 */
public final class SourceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;

    public SourceUnavailableException(String source, String reason, Throwable cause) {
        super("source " + requireNonNull(source, "source is null") + " unavailable: " + reason, cause);
        this.source = source;
    }

    public String source() {
        return source;
    }
}
