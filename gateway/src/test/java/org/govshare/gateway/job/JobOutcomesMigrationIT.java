package org.govshare.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * subject's row) are read as before once they live a row per batch, and outcomes written after it are read with them
 * (V21); and the subjects written a row each are read as before once they live a chunk per row (V24).
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

    private static final String CHUNKED = "job-written-before-v24";
    private static final String SMALL = "small-job-written-before-v24";

    /** The key of subject {@code i} of {@link #CHUNKED}: some with the characters a line escapes. */
    private static String key(int i) {
        return switch (i % 5) {
            case 1 -> "K\\" + i;
            case 2 -> "K\n" + i + "\r";
            default -> "K" + i;
        };
    }

    /** The claims of subject {@code i} of {@link #CHUNKED}: every third has none, one is {@code \N} itself. */
    private static String claims(int i) {
        if (i == 7) {
            return "\\N";
        }
        return i % 3 == 0 ? null : "{\"n\":\"" + i + "\"}";
    }

    /**
     * Two jobs as V23 kept their subjects (a row each: one of 2,500 subjects, more than two chunks, some with claims
     * of their own; one of three without), then the migrations to the latest version.
     */
    private static void upgradeSubjectsAndCheck(DataSource controlPlane) throws SQLException {
        migrate(controlPlane, "23");
        for (String job : List.of(CHUNKED, SMALL)) {
            execute(
                    controlPlane,
                    "INSERT INTO verification_job (id, consumer_id, purpose_code, type_name, claims, per_subject,"
                            + " state, total, done, submitted_at, expires_at) VALUES ('" + job + "', 'pension-fund',"
                            + " 'PENSION_ELIGIBILITY', 'Resident', '{}', FALSE, 'RUNNING', 0, 0,"
                            + " TIMESTAMP '2026-12-01 00:00:00', TIMESTAMP '2099-01-01 00:00:00')");
        }
        try (Connection connection = controlPlane.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO verification_job_subject"
                        + " (job_id, position, subject, claims) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < 2_500; i++) {
                insert.setString(1, CHUNKED);
                insert.setInt(2, i);
                insert.setString(3, key(i));
                insert.setString(4, claims(i));
                insert.addBatch();
            }
            for (int i = 0; i < 3; i++) {
                insert.setString(1, SMALL);
                insert.setInt(2, i);
                insert.setString(3, "S" + i);
                insert.setString(4, null);
                insert.addBatch();
            }
            insert.executeBatch();
        }

        migrate(controlPlane, "latest");

        JobStore store = new JobStore(controlPlane);
        List<JobSubject> all = store.subjects(CHUNKED, 0, 10_000);
        assertThat(all).hasSize(2_500);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).position()).isEqualTo(i);
            assertThat(all.get(i).key()).isEqualTo(key(i));
            assertThat(all.get(i).claims()).isEqualTo(claims(i));
        }
        // A batch across a chunk's end, and the last chunk's rest.
        assertThat(store.pending(CHUNKED, 1_020, 10))
                .extracting(JobSubject::position)
                .containsExactly(1_020, 1_021, 1_022, 1_023, 1_024, 1_025, 1_026, 1_027, 1_028, 1_029);
        assertThat(store.pending(CHUNKED, 2_490, 100))
                .extracting(JobSubject::key)
                .hasSize(10)
                .endsWith(key(2_499));
        assertThat(store.subjects(SMALL, 0, 10))
                .extracting(JobSubject::key, JobSubject::claims)
                .containsExactly(tuple("S0", null), tuple("S1", null), tuple("S2", null));
        assertThat(firstValue(
                        controlPlane, "SELECT COUNT(*) FROM verification_job_chunk WHERE job_id = '" + CHUNKED + "'"))
                .isEqualTo("3");
        assertThat(firstValue(
                        controlPlane,
                        "SELECT COUNT(*) FROM information_schema.tables"
                                + " WHERE UPPER(table_name) = 'VERIFICATION_JOB_SUBJECT'"))
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

    /** An empty PostgreSQL control plane, database {@code name}. */
    private static DataSource postgres(String name) throws SQLException {
        String database = RealServers.database(name);
        RealServers.recreatePostgresDatabase(database);
        PGSimpleDataSource controlPlane = new PGSimpleDataSource();
        controlPlane.setUrl(RealServers.POSTGRES + database);
        controlPlane.setUser("postgres");
        return controlPlane;
    }

    /** An empty H2 control plane in memory, {@code name}. */
    private static DataSource h2(String name) {
        JdbcDataSource controlPlane = new JdbcDataSource();
        controlPlane.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return controlPlane;
    }

    @Test
    void onPostgresqlOutcomesMoveToARowPerBatch() throws SQLException {
        upgradeAndCheck(postgres("job_outcomes"));
    }

    @Test
    void onH2OutcomesMoveToARowPerBatch() throws SQLException {
        upgradeAndCheck(h2("job-outcomes"));
    }

    @Test
    void onPostgresqlSubjectsMoveToChunks() throws SQLException {
        upgradeSubjectsAndCheck(postgres("job_chunks"));
    }

    @Test
    void onH2SubjectsMoveToChunks() throws SQLException {
        upgradeSubjectsAndCheck(h2("job-chunks"));
    }
}
