package org.govshare.gateway.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.govshare.gateway.demo.DemoDataGenerator;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The local PostgreSQL and MariaDB servers the real-source tests federate: police and hrss as two PostgreSQL
 * databases, tax and medical as two MariaDB databases; the control plane (grants) on PostgreSQL too. Creates the
 * databases when missing.
 */
public final class RealServers {
    public static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";
    public static final String REDIS = "redis://127.0.0.1:6379";
    /**
     * What every database of the tests is named after ({@code <prefix>_police} …): {@code govshare}, or the
     * environment's {@code GOVSHARE_TEST_DATABASE_PREFIX}, so that two checkouts can run their suites at once against
     * the same servers without dropping each other's databases.
     */
    public static final String DATABASE_PREFIX = databasePrefix();

    public static final Map<String, String> POSTGRES_DATABASES =
            Map.of("police", database("police"), "hrss", database("hrss"), "control", database("control"));
    public static final Map<String, String> MARIADB_DATABASES =
            Map.of("tax", database("tax"), "medical", database("medical"));

    /**
     * The audit trail's key in tests (Base64 of 32 bytes, also in the tests' application.properties); a real
     * deployment keeps its own secret.
     */
    public static final String AUDIT_KEY = "dGVzdHMtb25seS1hdWRpdC1rZXktb2YtMzItYnl0ZXMh";

    /** The residents the real-server tests load (the fixed records come on top). */
    public static final int DEMO_RESIDENTS = 2000;

    /** The demo's seed (govshare.demo.seed in application-demo.yml). */
    public static final long DEMO_SEED = 20250601L;

    /** The demo's in-memory market source, which the real-server tests keep (see application-demo.yml). */
    public static final String MARKET = "jdbc:h2:mem:market;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";

    private static boolean controlPlaneReset;
    private static boolean demoDataLoaded;

    private RealServers() {}

    /** The test database {@code <prefix>_<name>}. */
    public static String database(String name) {
        return DATABASE_PREFIX + "_" + name;
    }

    private static String databasePrefix() {
        String prefix = System.getenv("GOVSHARE_TEST_DATABASE_PREFIX");
        if (prefix == null || prefix.isBlank()) {
            return "govshare";
        }
        if (!prefix.matches("[a-z][a-z0-9_]{0,30}")) {
            throw new IllegalStateException("GOVSHARE_TEST_DATABASE_PREFIX must be a plain lower-case name: " + prefix);
        }
        return prefix;
    }

    public static synchronized void ensureDatabases() {
        try (Connection postgres = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                Statement statement = postgres.createStatement()) {
            if (!controlPlaneReset) {
                // Each run starts from an empty control plane: the audit trail of earlier runs (and the rows tests
                // tamper with) must not carry over. Contexts of one run share it.
                statement.execute("DROP DATABASE IF EXISTS " + POSTGRES_DATABASES.get("control") + " WITH (FORCE)");
                controlPlaneReset = true;
            }
            for (String database : POSTGRES_DATABASES.values()) {
                try (ResultSet exists =
                        statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                    if (!exists.next()) {
                        statement.execute("CREATE DATABASE " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 is needed (see .ci/run)", e);
        }
        try (Connection mariadb = DriverManager.getConnection(MARIADB, "root", "");
                Statement statement = mariadb.createStatement()) {
            for (String database : MARIADB_DATABASES.values()) {
                statement.execute("CREATE DATABASE IF NOT EXISTS " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB at 127.0.0.1:3306 is needed (see .ci/run)", e);
        }
    }

    /** Drops (with its connections) and creates a PostgreSQL database of a test's own. */
    public static void recreatePostgresDatabase(String database) {
        if (!database.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection postgres = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                Statement statement = postgres.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 is needed (see .ci/run)", e);
        }
    }

    /** Drops and creates a MariaDB database of a test's own. */
    public static void recreateMariadbDatabase(String database) {
        if (!database.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection mariadb = DriverManager.getConnection(MARIADB, "root", "");
                Statement statement = mariadb.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB at 127.0.0.1:3306 is needed (see .ci/run)", e);
        }
    }

    /** The case ids of every audit record in the control-plane database {@code database}. */
    public static Set<String> auditedCaseIds(String database) throws SQLException {
        Set<String> recorded = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(POSTGRES + database, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT case_id FROM audit_record")) {
            while (rows.next()) {
                recorded.add(rows.getString(1));
            }
        }
        return recorded;
    }

    /**
     * Fills the real servers' source databases (and the in-memory market) with the demo data, once per run: the
     * gateway's own generator refuses every database but an in-memory one, so the tests load their databases
     * themselves, with the same deterministic generator.
     */
    public static synchronized void ensureDemoData() {
        if (demoDataLoaded) {
            return;
        }
        Map<String, DataSource> writers = new LinkedHashMap<>();
        writers.put("police", dataSource(POSTGRES + POSTGRES_DATABASES.get("police"), "postgres"));
        writers.put("hrss", dataSource(POSTGRES + POSTGRES_DATABASES.get("hrss"), "postgres"));
        writers.put("tax", dataSource(MARIADB + MARIADB_DATABASES.get("tax"), "root"));
        writers.put("medical", dataSource(MARIADB + MARIADB_DATABASES.get("medical"), "root"));
        writers.put("market", dataSource(MARKET, "sa"));
        try {
            DemoDataGenerator.forDatabasesOfYourOwn(DEMO_SEED).generate(writers, DEMO_RESIDENTS);
        } catch (SQLException e) {
            throw new IllegalStateException("the demo data could not be loaded into the real servers", e);
        }
        demoDataLoaded = true;
    }

    private static DataSource dataSource(String url, String user) {
        return new DriverManagerDataSource(url, user, "");
    }

    /** Creates the databases and loads their data before the Spring context of a {@link RealServersTest} starts. */
    public static final class Databases implements org.junit.jupiter.api.extension.BeforeAllCallback {
        @Override
        public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) {
            ensureDatabases();
            ensureDemoData();
        }
    }
}
