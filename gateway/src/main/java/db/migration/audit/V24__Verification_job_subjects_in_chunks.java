package db.migration.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.govshare.gateway.job.SubjectLines;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a job's subjects a row per chunk of {@link SubjectLines#CHUNK} ({@code verification_job_chunk}: the chunk's
 * first position, its number of subjects, their keys and their own claims as {@link SubjectLines}) instead of a row
 * per subject. Measured on PostgreSQL with a million subjects: the upload's COPY of a row per subject (with the
 * (job, position) key) took 1.8–2.3 s of the database's time, the same subjects as a thousand chunks 0.25 s; the rows
 * took 154 MB, the chunks 20. The subjects stored move over, chunk by chunk in position order, and their table goes.
 * A Java migration because the text columns' type differs between PostgreSQL and H2 (the demo's control plane); on
 * PostgreSQL they are kept out of line uncompressed (most of a chunk's cost was compressing it).
 */
public final class V24__Verification_job_subjects_in_chunks extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        boolean postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        String text = postgres ? "TEXT" : "CHARACTER LARGE OBJECT";
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE verification_job_chunk ("
                    + " job_id VARCHAR(36) NOT NULL,"
                    + " first_position INT NOT NULL,"
                    + " subjects INT NOT NULL,"
                    + " keys " + text + " NOT NULL,"
                    + " claims " + text + ","
                    + " PRIMARY KEY (job_id, first_position))");
            if (postgres) {
                statement.execute("ALTER TABLE verification_job_chunk ALTER COLUMN keys SET STORAGE EXTERNAL,"
                        + " ALTER COLUMN claims SET STORAGE EXTERNAL");
            }
        }
        moveSubjects(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE verification_job_subject");
        }
    }

    /** Writes the stored subjects as chunks, each job's from its first position on. */
    private static void moveSubjects(Connection connection) throws SQLException {
        try (Statement read = connection.createStatement();
                PreparedStatement write = connection.prepareStatement("INSERT INTO verification_job_chunk"
                        + " (job_id, first_position, subjects, keys, claims) VALUES (?, ?, ?, ?, ?)")) {
            // Within the migration's transaction, so PostgreSQL streams the rows instead of holding them all.
            read.setFetchSize(SubjectLines.CHUNK);
            try (ResultSet rows = read.executeQuery("SELECT job_id, position, subject, claims"
                    + " FROM verification_job_subject ORDER BY job_id, position")) {
                Chunk chunk = null;
                while (rows.next()) {
                    String job = rows.getString(1);
                    int position = rows.getInt(2);
                    if (chunk != null && !chunk.continuedBy(job, position)) {
                        chunk.write(write);
                        chunk = null;
                    }
                    if (chunk == null) {
                        chunk = new Chunk(job, position);
                    }
                    chunk.keys.add(rows.getString(3));
                    chunk.claims.add(rows.getString(4));
                }
                if (chunk != null) {
                    chunk.write(write);
                }
            }
        }
    }

    /** Consecutive subjects of one job, from {@code first} on. */
    private static final class Chunk {
        private final String job;
        private final int first;
        private final List<String> keys = new ArrayList<>();
        private final List<@Nullable String> claims = new ArrayList<>();

        Chunk(String job, int first) {
            this.job = job;
            this.first = first;
        }

        /** Whether the subject at {@code position} of {@code job} goes into this chunk (positions are dense). */
        boolean continuedBy(String job, int position) {
            return this.job.equals(job) && position == first + keys.size() && keys.size() < SubjectLines.CHUNK;
        }

        void write(PreparedStatement insert) throws SQLException {
            insert.setString(1, job);
            insert.setInt(2, first);
            insert.setInt(3, keys.size());
            insert.setString(4, SubjectLines.join(keys));
            insert.setString(5, SubjectLines.joinUnlessAllNull(claims));
            insert.executeUpdate();
        }
    }
}
