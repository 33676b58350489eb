package org.govshare.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.govshare.gateway.testing.RealServers;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The control plane's migrations as the gateway runs them, on PostgreSQL and H2: outcomes written before V21 (on each
 * subject's row) are read as before once they live a row per batch, and outcomes written after it are read with them;
 * the subjects' table has no foreign key any more, and on PostgreSQL it keeps full pages again.
 */
class JobOutcomesMigrationIT {
    private static final String JOB = "job-written-before-v21";

    private static void migrate(DataSource controlPlane, String target) {
        Flyway.configure()
                .dataSource(controlPlane)
                .locations("classpath:db/migration/policy", "classpath:db/migration/audit")
                .target(target)
                .load()
                .migrate();
    }

    private static void execute(DataSource controlPlane, String... statements) throws SQLException {
        try (Connection connection = controlPlane.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /**
     * A job of five subjects as V20 kept it, two of them checked, then the migrations to the latest version; then a
     * batch of two more checked by the store.
     */
    private static void upgradeAndCheck(DataSource controlPlane) throws SQLException {
        migrate(controlPlane, "20");
        execute(
                controlPlane,
                "INSERT INTO verification_job (id, consumer_id, purpose_code, type_name, claims, per_subject, state,"
                        + " total, done, submitted_at, expires_at, lease_owner, lease_until) VALUES ('" + JOB
                        + "', 'pension-fund', 'PENSION_ELIGIBILITY', 'Resident', '{}', FALSE, 'RUNNING', 5, 2,"
                        + " TIMESTAMP '2026-12-01 00:00:00', TIMESTAMP '2099-01-01 00:00:00', 'instance-a',"
                        + " TIMESTAMP '2099-01-01 00:00:00')",
                "INSERT INTO verification_job_subject (job_id, position, subject, claims, outcome, claim_outcomes)"
                        + " VALUES ('" + JOB + "', 0, 'K0', NULL, 'MATCH', 'status=MATCH'),"
                        + " ('" + JOB + "', 1, 'K1', NULL, 'NO_RECORD', NULL),"
                        + " ('" + JOB + "', 2, 'K2', NULL, NULL, NULL),"
                        + " ('" + JOB + "', 3, 'K3', NULL, NULL, NULL),"
                        + " ('" + JOB + "', 4, 'K4', NULL, NULL, NULL)");

        migrate(controlPlane, "latest");

        JobStore store = new JobStore(controlPlane);
        assertThat(store.subjects(JOB, 0, 10))
                .extracting(JobSubject::key, JobSubject::outcome, JobSubject::claimOutcomes)
                .containsExactly(
                        tuple("K0", "MATCH", "status=MATCH"),
                        tuple("K1", "NO_RECORD", null),
                        tuple("K2", null, null),
                        tuple("K3", null, null),
                        tuple("K4", null, null));
        assertThat(store.pending(JOB, 2, 10)).extracting(JobSubject::key).containsExactly("K2", "K3", "K4");

        Instant now = Instant.parse("2026-12-02T00:00:00Z");
        List<JobSubject> checked = List.of(
                new JobSubject(2, "K2", null, "MISMATCH", "status=MISMATCH"),
                new JobSubject(3, "K3", null, "MATCH", "status=MATCH"));
        assertThat(store.complete(JOB, "instance-a", 2, checked, now.plusSeconds(60), now, null))
                .isTrue();
        // The same batch again (an instance that lost its lease, or a retry): not kept twice.
        assertThat(store.complete(JOB, "instance-a", 2, checked, now.plusSeconds(60), now, null))
                .isFalse();
        // A page that starts inside a batch, and one that ends inside another.
        assertThat(store.subjects(JOB, 1, 2))
                .extracting(JobSubject::key, JobSubject::outcome, JobSubject::claimOutcomes)
                .containsExactly(tuple("K1", "NO_RECORD", null), tuple("K2", "MISMATCH", "status=MISMATCH"));
        assertThat(store.subjects(JOB, 3, 10))
                .extracting(JobSubject::key, JobSubject::outcome)
                .containsExactly(tuple("K3", "MATCH"), tuple("K4", null));
        assertThat(store.job(JOB).orElseThrow().done()).isEqualTo(4);

        store.stop(JOB, Job.State.CANCELLED, "test", now, now);
        assertThat(store.deleteResults(JOB)).isTrue();
        assertThat(store.subjects(JOB, 0, 10)).isEmpty();
        assertThat(firstValue(controlPlane, "SELECT COUNT(*) FROM verification_job_outcome"))
                .isEqualTo("0");
    }

    /** The first column of the first row {@code query} answers (the test fails when there is none). */
    private static String firstValue(DataSource controlPlane, String query) throws SQLException {
        try (Connection connection = controlPlane.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            assertThat(rows.next()).as(query).isTrue();
            return rows.getString(1);
        }
    }

    @Test
    void onPostgresqlOutcomesMoveToARowPerBatchAndTheSubjectsKeepFullPages() throws SQLException {
        String database = RealServers.database("job_outcomes");
        RealServers.recreatePostgresDatabase(database);
        PGSimpleDataSource controlPlane = new PGSimpleDataSource();
        controlPlane.setUrl(RealServers.POSTGRES + database);
        controlPlane.setUser("postgres");

        upgradeAndCheck(controlPlane);

        assertThat(firstValue(
                        controlPlane,
                        "SELECT COALESCE(array_to_string(reloptions, ','), '') FROM pg_class"
                                + " WHERE relname = 'verification_job_subject'"))
                .isEmpty();
        assertThat(foreignKeysOfTheSubjects(controlPlane)).isEqualTo("0");
    }

    /** How many foreign keys the subjects' table has (an upload's COPY checked each row against its job's). */
    private static String foreignKeysOfTheSubjects(DataSource controlPlane) throws SQLException {
        return firstValue(
                controlPlane,
                "SELECT COUNT(*) FROM information_schema.table_constraints"
                        + " WHERE UPPER(table_name) = 'VERIFICATION_JOB_SUBJECT' AND constraint_type = 'FOREIGN KEY'");
    }

    @Test
    void onH2OutcomesMoveToARowPerBatch() throws SQLException {
        JdbcDataSource controlPlane = new JdbcDataSource();
        controlPlane.setURL("jdbc:h2:mem:job-outcomes;DB_CLOSE_DELAY=-1");

        upgradeAndCheck(controlPlane);

        assertThat(foreignKeysOfTheSubjects(controlPlane)).isEqualTo("0");
    }
}
