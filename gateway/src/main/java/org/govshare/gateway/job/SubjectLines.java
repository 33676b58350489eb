package org.govshare.gateway.job;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a chunk of a job's subjects is stored ({@code verification_job_chunk}): their keys, and their own claims, each
 * column one line per subject in position order. A line escapes what would end it or read as an escape (backslash,
 * line feed, carriage return) as PostgreSQL's COPY text format does, and a subject without a value is {@code \N}
 * (which no escaped value can be). The migration that moved the subjects' rows into chunks (V24) writes this format
 * too: changing it needs a migration of the chunks stored.
 */
public final class SubjectLines {
    /** Subjects per chunk: a batch of the default size (2,048) is two chunks. */
    public static final int CHUNK = 1_024;

    private static final String NONE = "\\N";

    private SubjectLines() {}

    /** {@code values}, in order, as lines. */
    public static String join(List<? extends @Nullable String> values) {
        StringBuilder lines = new StringBuilder(values.size() * 24);
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                lines.append('\n');
            }
            append(lines, values.get(i));
        }
        return lines.toString();
    }

    /** {@code values} as lines ({@link #join}), or null when every one is null (a chunk stores no claims then). */
    public static @Nullable String joinUnlessAllNull(List<? extends @Nullable String> values) {
        for (String value : values) {
            if (value != null) {
                return join(values);
            }
        }
        return null;
    }

    private static void append(StringBuilder lines, @Nullable String value) {
        if (value == null) {
            lines.append(NONE);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> lines.append("\\\\");
                case '\n' -> lines.append("\\n");
                case '\r' -> lines.append("\\r");
                default -> lines.append(c);
            }
        }
    }

    /** The values {@link #join} made {@code lines} of, in order. */
    public static List<@Nullable String> split(String lines) {
        List<@Nullable String> values = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = lines.indexOf('\n', start);
            values.add(value(lines, start, end < 0 ? lines.length() : end));
            if (end < 0) {
                return values;
            }
            start = end + 1;
        }
    }

    private static @Nullable String value(String lines, int start, int end) {
        int escape = start;
        while (escape < end && lines.charAt(escape) != '\\') {
            escape++;
        }
        if (escape == end) {
            return lines.substring(start, end);
        }
        if (end - start == NONE.length() && lines.startsWith(NONE, start)) {
            return null;
        }
        StringBuilder value = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = lines.charAt(i);
            if (c != '\\' || i + 1 == end) {
                value.append(c);
                continue;
            }
            char escaped = lines.charAt(++i);
            value.append(
                    switch (escaped) {
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        default -> escaped;
                    });
        }
        return value.toString();
    }
}
