package org.govshare.gateway.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.govshare.gateway.testing.RealServers;
import org.govshare.gateway.testing.RealServersTest;
import org.govshare.gateway.testing.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The read-path suite against the real servers: police and hrss on two PostgreSQL databases, tax and medical on
 * MariaDB, market on H2. Also checks on the servers themselves that key lookups use their indexes.
 */
@RealServersTest
@ActiveProfiles("demo")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"govshare.demo.residents=2000", "govshare.sources.hrss.query-timeout=1s", TestSupport.TEST_GRANTS
        })
class RealSourcesReadPathIT extends ReadPathSuite {

    @Test
    void keyLookupUsesThePrimaryKeyIndexOnPostgresql() throws SQLException {
        client.post("{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID));
        String sql = statements.sqlOf("police").get(0);

        String plan =
                explain(RealServers.POSTGRES + RealServers.database("police"), "postgres", "EXPLAIN " + sql, R1_ID);

        assertThat(plan).containsPattern("Index (Only )?Scan");
        assertThat(plan).doesNotContain("Seq Scan");
    }

    @Test
    void batchedLookupUsesThePrimaryKeyOnMariadb() throws SQLException {
        client.post(
                "{ residents(regionCode: \"441900\", first: 5) { edges { node { incomes(year: 2024) { year } } } } }");
        String sql = statements.sqlOf("tax").get(0);
        int placeholders = (int) sql.chars().filter(c -> c == '?').count();
        Object[] values = new Object[placeholders];
        java.util.Arrays.fill(values, R1_ID);
        values[placeholders - 1] = 2024;

        String plan = explain(RealServers.MARIADB + RealServers.database("tax"), "root", "EXPLAIN " + sql, values);

        assertThat(plan).contains("PRIMARY");
        assertThat(plan).doesNotContain("type=ALL");
    }

    @Test
    void reportsASourceThatHangsAsUnavailableWithinItsTimeout() throws Exception {
        // Another session holds an exclusive lock on the pension table: hrss queries hang until the lock goes.
        try (Connection blocker =
                DriverManager.getConnection(RealServers.POSTGRES + RealServers.database("hrss"), "postgres", "")) {
            blocker.setAutoCommit(false);
            try (java.sql.Statement lock = blocker.createStatement()) {
                lock.execute("LOCK TABLE pension_account IN ACCESS EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            var response = client.post("{ resident(idNumber: \"%s\") { name pension { status } } }".formatted(R1_ID));
            long millis = (System.nanoTime() - started) / 1_000_000;
            // The source stopped the statement at its timeout: nothing of the gateway's still waits for the lock.
            int waiting = gatewayStatementsWaitingForALock();
            for (int i = 0; i < 40 && waiting > 0; i++) {
                Thread.sleep(50);
                waiting = gatewayStatementsWaitingForALock();
            }
            blocker.rollback();

            assertThat(response.at("/data/resident/name").asString()).isEqualTo("张秀英");
            assertThat(response.at("/data/resident/pension").isNull()).isTrue();
            assertThat(code(response)).isEqualTo("SOURCE_UNAVAILABLE");
            // hrss has a 1 s timeout here; the answer must not wait for the lock.
            assertThat(millis).isLessThan(5_000);
            assertThat(waiting)
                    .as("gateway statements still waiting for the lock")
                    .isZero();
        }
    }

    /**
     * Statements waiting for a lock on hrss's database, seen from a session of its own (a transaction sees one
     * snapshot of the activity).
     */
    private static int gatewayStatementsWaitingForALock() throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        RealServers.POSTGRES + RealServers.database("hrss"), "postgres", "");
                java.sql.Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static String explain(String url, String user, String sql, Object... values) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, "");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = statement.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    for (int i = 1; i <= columns; i++) {
                        plan.append(rows.getMetaData().getColumnLabel(i))
                                .append('=')
                                .append(rows.getString(i))
                                .append(' ');
                    }
                    plan.append('\n');
                }
            }
            return plan.toString();
        }
    }
}
