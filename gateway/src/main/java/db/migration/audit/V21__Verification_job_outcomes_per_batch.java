package db.migration.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Keeps a job's outcomes one row per checked batch ({@code verification_job_outcome}: the batch's first position, its
 * number of subjects, and one line per subject in position order) instead of updating each subject's row: a batch of
 * 2,048 outcomes is then one row inserted (and one compressed value in the write-ahead log) instead of 2,048 row
 * versions, which the online requests' commits had to flush with their own. The subjects' table is written once, by
 * the upload, and keeps full pages again (no fillfactor) and no foreign key (see {@link #foreignKeys}). Outcomes
 * already written move over, a row per subject. A Java migration because the text column's type differs between
 * PostgreSQL and H2 (the demo's control plane).
 */
public final class V21__Verification_job_outcomes_per_batch extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        boolean postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE verification_job_outcome ("
                    + " job_id VARCHAR(36) NOT NULL REFERENCES verification_job (id),"
                    + " first_position INT NOT NULL,"
                    + " subjects INT NOT NULL,"
                    + " outcomes " + (postgres ? "TEXT" : "CHARACTER LARGE OBJECT") + " NOT NULL,"
                    + " PRIMARY KEY (job_id, first_position))");
            statement.execute("INSERT INTO verification_job_outcome (job_id, first_position, subjects, outcomes)"
                    + " SELECT job_id, position, 1, CASE WHEN claim_outcomes IS NULL THEN outcome"
                    + " ELSE outcome || ' ' || claim_outcomes END"
                    + " FROM verification_job_subject WHERE outcome IS NOT NULL");
            statement.execute("ALTER TABLE verification_job_subject DROP COLUMN claim_outcomes");
            statement.execute("ALTER TABLE verification_job_subject DROP COLUMN outcome");
            if (postgres) {
                statement.execute("ALTER TABLE verification_job_subject RESET (fillfactor)");
            }
            for (String constraint : foreignKeys(connection)) {
                statement.execute("ALTER TABLE verification_job_subject DROP CONSTRAINT \"" + constraint + "\"");
            }
        }
    }

    /**
     * The subjects' foreign keys (the one to their job): checked row by row, it took 6.3 of the 9.8 s a COPY of a
     * million subjects took on PostgreSQL (3.5 s without it). The job's row is written first in the upload's own
     * transaction and is never deleted (an expired job keeps it), so the key guarded nothing the store does not.
     */
    private static List<String> foreignKeys(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT constraint_name FROM information_schema.table_constraints"
                                + " WHERE UPPER(table_name) = 'VERIFICATION_JOB_SUBJECT' AND constraint_type = 'FOREIGN KEY'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
