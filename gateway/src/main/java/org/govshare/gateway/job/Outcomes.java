package org.govshare.gateway.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A job's outcomes in the control plane, one row per checked batch ({@code verification_job_outcome}): the batch's
 * first position, its number of subjects, and one line per subject in position order, the subject's outcome and, after
 * a space, its per-claim outcomes ({@code MISMATCH name=MATCH,birthDate=MISMATCH}). Outcome codes and claim paths hold
 * neither spaces nor line breaks.
 */
final class Outcomes {
    private Outcomes() {}

    /**
     * Writes the outcomes of {@code checked}, the subjects at {@code first}, {@code first + 1}, … in that order, as one
     * row, in the caller's transaction.
     */
    static void write(Connection connection, String id, int first, List<JobSubject> checked) throws SQLException {
        StringBuilder lines = new StringBuilder(checked.size() * 32);
        for (int i = 0; i < checked.size(); i++) {
            JobSubject subject = checked.get(i);
            if (subject.position() != first + i || subject.outcome() == null) {
                throw new SQLException("job " + id + ": a batch's outcomes must follow its mark, each with an outcome");
            }
            if (i > 0) {
                lines.append('\n');
            }
            lines.append(subject.outcome());
            if (subject.claimOutcomes() != null) {
                lines.append(' ').append(subject.claimOutcomes());
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO verification_job_outcome"
                + " (job_id, first_position, subjects, outcomes) VALUES (?, ?, ?, ?)")) {
            statement.setString(1, id);
            statement.setInt(2, first);
            statement.setInt(3, checked.size());
            statement.setString(4, lines.toString());
            statement.executeUpdate();
        }
    }

    /**
     * The lines of the subjects at positions {@code from} … {@code to - 1} that have an outcome, by position: the rows
     * of the batch holding {@code from} and of every batch that starts before {@code to}.
     */
    static Map<Integer, String> read(Connection connection, String id, int from, int to) throws SQLException {
        Map<Integer, String> lines = new HashMap<>();
        try (PreparedStatement statement = JobStore.covering(
                        connection, "first_position, outcomes", "verification_job_outcome", "", id, from, to);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                int position = rows.getInt(1);
                String text = rows.getString(2);
                int start = 0;
                while (start <= text.length() && position < to) {
                    int end = text.indexOf('\n', start);
                    if (end < 0) {
                        end = text.length();
                    }
                    if (position >= from) {
                        lines.put(position, text.substring(start, end));
                    }
                    position++;
                    start = end + 1;
                }
            }
        }
        return lines;
    }

    /** The subject's outcome in {@code line}. */
    static String outcome(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }

    /** The subject's per-claim outcomes in {@code line}; null when it has none. */
    static @Nullable String claimOutcomes(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? null : line.substring(space + 1);
    }
}
