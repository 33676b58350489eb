package org.govshare.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.govshare.gateway.testing.RealServers;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The control plane's migrations as the gateway runs them: on PostgreSQL a job's subjects leave half of each page
 * free (so a batch's outcomes are HOT updates); on H2, which has no fillfactor, the same migrations run through.
 */
class JobSubjectFillfactorIT {
    private static void migrate(DataSource controlPlane) {
        Flyway.configure()
                .dataSource(controlPlane)
                .locations("classpath:db/migration/policy", "classpath:db/migration/audit")
                .load()
                .migrate();
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
    void onPostgresqlTheSubjectsTableLeavesHalfOfEachPageFree() throws SQLException {
        String database = RealServers.database("job_fillfactor");
        RealServers.recreatePostgresDatabase(database);
        PGSimpleDataSource controlPlane = new PGSimpleDataSource();
        controlPlane.setUrl(RealServers.POSTGRES + database);
        controlPlane.setUser("postgres");

        migrate(controlPlane);

        assertThat(
                        firstValue(
                                controlPlane,
                                "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'verification_job_subject'"))
                .isEqualTo("fillfactor=50");
    }

    @Test
    void onH2TheMigrationsRunThrough() throws SQLException {
        JdbcDataSource controlPlane = new JdbcDataSource();
        controlPlane.setURL("jdbc:h2:mem:job-fillfactor;DB_CLOSE_DELAY=-1");

        migrate(controlPlane);

        assertThat(firstValue(
                        controlPlane, "SELECT \"success\" FROM \"flyway_schema_history\" WHERE \"version\" = '20'"))
                .isEqualToIgnoringCase("true");
    }
}
