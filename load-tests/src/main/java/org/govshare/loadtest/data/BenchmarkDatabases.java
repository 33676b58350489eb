package org.govshare.loadtest.data;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.govshare.gateway.demo.DemoDataGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The benchmark's own databases, apart from the ones the project's tests regenerate: police, hrss and the control
 * plane on PostgreSQL, tax and medical on MariaDB, market in an H2 file under {@code load-tests/work}. Loaded once
 * with the gateway's demo generator; a marker table in each source records seed and size, so a second run with the
 * same ones skips the load.
 */
public final class BenchmarkDatabases {
    public static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";
    public static final String CONTROL_DATABASE = "govshare_bench_control";
    /** The login role PostGraphile uses for the listing workload; row-level security limits it to regions 4419…. */
    public static final String STREET_OFFICE_ROLE = "govshare_bench_street_office";

    private static final String MARKER = "govshare_bench_dataset";

    private final List<SourceDatabase> sources;

    public BenchmarkDatabases(Path workDirectory) {
        requireNonNull(workDirectory, "workDirectory is null");
        String market =
                "jdbc:h2:file:" + workDirectory.toAbsolutePath().resolve("data/market") + ";DATABASE_TO_LOWER=TRUE";
        this.sources = List.of(
                new SourceDatabase(DemoDataGenerator.POLICE, POSTGRES + "govshare_bench_police", "postgres", null),
                new SourceDatabase(DemoDataGenerator.HRSS, POSTGRES + "govshare_bench_hrss", "postgres", null),
                new SourceDatabase(DemoDataGenerator.TAX, MARIADB + "govshare_bench_tax", "root", "mariadb"),
                new SourceDatabase(DemoDataGenerator.MEDICAL, MARIADB + "govshare_bench_medical", "root", "mariadb"),
                new SourceDatabase(DemoDataGenerator.MARKET, market, "sa", null));
    }

    /** The five sources, in the generator's order. */
    public List<SourceDatabase> sources() {
        return sources;
    }

    public SourceDatabase source(String name) {
        return sources.stream()
                .filter(source -> source.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no benchmark source " + name));
    }

    public String controlUrl() {
        return POSTGRES + CONTROL_DATABASE;
    }

    /** Creates the PostgreSQL and MariaDB databases that are missing. */
    public void ensureCreated() throws SQLException {
        try (Connection postgres = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                Statement statement = postgres.createStatement()) {
            for (String database : List.of(
                    databaseName(DemoDataGenerator.POLICE), databaseName(DemoDataGenerator.HRSS), CONTROL_DATABASE)) {
                try (PreparedStatement exists =
                        postgres.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    exists.setString(1, database);
                    try (ResultSet rows = exists.executeQuery()) {
                        if (!rows.next()) {
                            statement.execute("CREATE DATABASE " + database);
                        }
                    }
                }
            }
        }
        try (Connection mariadb = DriverManager.getConnection(MARIADB, "root", "");
                Statement statement = mariadb.createStatement()) {
            for (String name : List.of(DemoDataGenerator.TAX, DemoDataGenerator.MEDICAL)) {
                statement.execute("CREATE DATABASE IF NOT EXISTS " + databaseName(name));
            }
        }
    }

    /**
     * Drops and re-creates the control-plane database, so that the gateway's Flyway migrations (policy schema, demo
     * grants, the benchmark's grant) always run on an empty one, whatever migrations main has added since the last run.
     */
    public void recreateControlPlane() throws SQLException {
        try (Connection postgres = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                Statement statement = postgres.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + CONTROL_DATABASE + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + CONTROL_DATABASE);
        }
    }

    /**
     * Creates the databases that are missing and loads {@code residents} residents with {@code seed} into them, unless
     * every source's marker already records that load ({@code reload} loads again anyway). {@code log} gets what was
     * decided and how long the load took, {@code progress} each table's progress.
     */
    public void ensureLoaded(long seed, int residents, boolean reload, Consumer<String> log, PrintStream progress)
            throws SQLException {
        ensureCreated();
        if (!reload && isLoaded(seed, residents)) {
            log.accept(String.format(
                    Locale.ROOT,
                    "data: %,d residents (seed %d) already loaded (the markers match), skipping",
                    residents,
                    seed));
            return;
        }
        log.accept(String.format(
                Locale.ROOT, "data: loading %,d residents (seed %d) into the benchmark databases …", residents, seed));
        long loadStart = System.nanoTime();
        load(seed, residents, progress);
        log.accept(String.format(Locale.ROOT, "data: loaded in %.0f s", (System.nanoTime() - loadStart) / 1e9));
    }

    /** True when every source carries the marker of a completed load with this seed and size. */
    public boolean isLoaded(long seed, int residents) {
        for (SourceDatabase source : sources) {
            try (Connection connection = source.connect();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT seed, residents FROM " + MARKER)) {
                if (!rows.next() || rows.getLong(1) != seed || rows.getInt(2) != residents) {
                    return false;
                }
            } catch (SQLException e) {
                // No marker table (never loaded, or the tests' generator dropped the database): not loaded.
                return false;
            }
        }
        return true;
    }

    /**
     * Generates {@code residents} residents with {@code seed} into every source, printing each table's progress, then
     * writes the markers. The markers go first out of every source, so an interrupted load is never taken as done.
     */
    public void load(long seed, int residents, PrintStream progress) throws SQLException {
        Map<String, DataSource> writers = new LinkedHashMap<>();
        try {
            for (SourceDatabase source : sources) {
                clearMarker(source);
                writers.put(source.name(), source.writer());
            }
            Map<String, Long> printedTenths = new ConcurrentHashMap<>();
            long started = System.nanoTime();
            DemoDataGenerator.forDatabasesOfYourOwn(seed).generate(writers, residents, (table, done, total) -> {
                long tenth = done * 10 / total;
                if (printedTenths.getOrDefault(table, -1L) < tenth) {
                    printedTenths.put(table, tenth);
                    progress.printf(
                            Locale.ROOT,
                            "  data %-18s %3d%% (%,d of %,d), %.0f s%n",
                            table,
                            tenth * 10,
                            done,
                            total,
                            (System.nanoTime() - started) / 1e9);
                }
            });
            for (SourceDatabase source : sources) {
                writeMarker(source, seed, residents);
            }
        } finally {
            writers.values().forEach(writer -> ((HikariDataSource) writer).close());
        }
    }

    /**
     * Row-level security for the PostGraphile peer's listing workload: a login role that sees only residents of
     * regions starting with 4419, like the street office's grant in the gateway. The gateway and the other peers
     * connect as the owner, which the policy does not restrict.
     */
    public void prepareStreetOfficeRole() throws SQLException {
        try (Connection connection = source(DemoDataGenerator.POLICE).connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + STREET_OFFICE_ROLE
                    + "') THEN CREATE ROLE " + STREET_OFFICE_ROLE + " LOGIN; END IF; END $$");
            statement.execute("GRANT SELECT ON resident TO " + STREET_OFFICE_ROLE);
            statement.execute("ALTER TABLE resident ENABLE ROW LEVEL SECURITY");
            statement.execute("DROP POLICY IF EXISTS street_office_region ON resident");
            statement.execute("CREATE POLICY street_office_region ON resident FOR SELECT TO " + STREET_OFFICE_ROLE
                    + " USING (region_code LIKE '4419%')");
        }
    }

    /**
     * Up to {@code count} residents chosen by a repeatable sample of the police table (the same ones on every run with
     * the same data), with what a verifier would claim about them.
     */
    public List<Subject> sampleSubjects(int count) throws SQLException {
        List<Subject> subjects = new ArrayList<>();
        try (Connection connection = source(DemoDataGenerator.POLICE).connect();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT id_number, name, birth_date, region_code FROM resident"
                                + " TABLESAMPLE BERNOULLI (5) REPEATABLE (7) LIMIT ?")) {
            statement.setInt(1, count);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    subjects.add(new Subject(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getObject(3, LocalDate.class),
                            rows.getString(4)));
                }
            }
        }
        if (subjects.isEmpty()) {
            throw new IllegalStateException("the police source has no residents to sample");
        }
        return List.copyOf(subjects);
    }

    private static String databaseName(String source) {
        return "govshare_bench_" + source;
    }

    private static void clearMarker(SourceDatabase source) throws SQLException {
        try (Connection connection = source.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + MARKER);
        }
    }

    private static void writeMarker(SourceDatabase source, long seed, int residents) throws SQLException {
        clearMarker(source);
        try (Connection connection = source.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + MARKER + " (seed BIGINT NOT NULL, residents INT NOT NULL)");
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO " + MARKER + " (seed, residents) VALUES (?, ?)")) {
                insert.setLong(1, seed);
                insert.setInt(2, residents);
                insert.executeUpdate();
            }
        }
    }

    /** One benchmark source database and how the gateway, the baselines and the loader reach it. */
    public record SourceDatabase(
            String name,
            String url,
            String username,
            @Nullable String dialect) {
        public SourceDatabase {
            requireNonNull(name, "name is null");
            requireNonNull(url, "url is null");
            requireNonNull(username, "username is null");
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, username, "");
        }

        /** A read-only pool of {@code size} connections, configured like the gateway's source pools. */
        public HikariDataSource readOnlyPool(String poolName, int size) {
            HikariConfig config = config(poolName, size);
            config.setMinimumIdle(Math.min(2, size));
            config.setReadOnly(true);
            return new HikariDataSource(config);
        }

        DataSource writer() {
            return new HikariDataSource(config("bench-writer-" + name, 1));
        }

        private HikariConfig config(String poolName, int size) {
            HikariConfig config = new HikariConfig();
            config.setPoolName(poolName);
            config.setJdbcUrl(url);
            config.setUsername(username);
            config.setPassword("");
            config.setMaximumPoolSize(size);
            return config;
        }
    }
}
