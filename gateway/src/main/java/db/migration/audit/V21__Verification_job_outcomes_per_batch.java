package db.migration.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Keeps a job's outcomes one row per checked batch ({@code verification_job_outcome}: the batch's first position, its
 * number of subjects, and one line per subject in position order) instead of updating each subject's row: a batch of
 * 2,048 outcomes is then one row inserted (and one compressed value in the write-ahead log) instead of 2,048 row
 * versions, which the online requests' commits had to flush with their own. The subjects' table is written once, by
 * the upload, and keeps full pages again (no fillfactor). Outcomes already written move over, a row per subject. A
 * Java migration because the text column's type differs between PostgreSQL and H2 (the demo's control plane).
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
        }
    }
}
