package org.govshare.connector.source;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.MysqlSqlDialect;
import org.govshare.schema.catalog.TableDescription;
import org.jspecify.annotations.Nullable;

/**
 * One registered source: its connection pool, its SQL dialect, a bounded set of threads, and a guard (bulkhead and
 * circuit breaker) so that a slow or failing source cannot take the threads and time other sources need. It lives as
 * long as the gateway: a catalog version plans against a {@link SourceSchema} read from it, and a new catalog version
 * reads new ones on the same pool.
 */
public final class Source implements AutoCloseable {
    private final SourceSettings settings;
    private final HikariDataSource pool;
    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final @Nullable String jdbcCatalog;
    private final @Nullable String jdbcSchema;
    private final ExecutorService executor;
    private final SourceGuard guard;

    private Source(
            SourceSettings settings,
            HikariDataSource pool,
            DataSource dataSource,
            SqlDialect dialect,
            @Nullable String jdbcCatalog,
            @Nullable String jdbcSchema,
            ExecutorService executor) {
        this.settings = settings;
        this.pool = pool;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbcCatalog = jdbcCatalog;
        this.jdbcSchema = jdbcSchema;
        this.executor = executor;
        this.guard = new SourceGuard(settings);
    }

    /**
     * Opens the pool and reads the product name to choose the dialect.
     *
     * @param decorator wraps the pool's data source (e.g. to observe the statements a source receives); identity in
     *     production
     */
    public static Source open(SourceSettings settings, UnaryOperator<DataSource> decorator) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("source-" + settings.name());
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.username());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(Math.max(250, settings.queryTimeout().toMillis()));
        config.setValidationTimeout(
                Math.max(250, Math.min(5_000, settings.queryTimeout().toMillis())));
        config.setInitializationFailTimeout(-1);
        config.setReadOnly(true);
        String sessionTimeout = sessionTimeout(settings);
        if (sessionTimeout != null) {
            config.setConnectionInitSql(sessionTimeout);
        }
        HikariDataSource pool = new HikariDataSource(config);
        try {
            DataSource dataSource = requireNonNull(decorator.apply(pool), "decorated data source is null");
            SqlDialect dialect;
            String jdbcCatalog;
            String jdbcSchema;
            try (Connection connection = dataSource.getConnection()) {
                DatabaseMetaData metadata = connection.getMetaData();
                dialect = SourceDialects.choose(
                        metadata.getDatabaseProductName(),
                        metadata.getDatabaseMajorVersion(),
                        metadata.getDatabaseMinorVersion(),
                        settings.dialect().orElse(null));
                jdbcCatalog = connection.getCatalog();
                jdbcSchema = connection.getSchema();
            }
            // MySQL-family databases name their databases as catalogs; the others use a schema within one catalog.
            boolean catalogIsDatabase = dialect instanceof MysqlSqlDialect;
            return new Source(
                    settings,
                    pool,
                    dataSource,
                    dialect,
                    catalogIsDatabase ? jdbcCatalog : null,
                    catalogIsDatabase ? null : jdbcSchema,
                    executor(settings));
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new SourceUnavailableException(settings.name(), "cannot open", e);
        }
    }

    private static ExecutorService executor(SourceSettings settings) {
        AtomicInteger counter = new AtomicInteger();
        // Bounded threads and queue: when the source cannot keep up, callers are refused at once instead of piling up.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                settings.poolSize(),
                settings.poolSize(),
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.poolSize() * 64),
                runnable -> {
                    Thread thread = new Thread(runnable, "source-" + settings.name() + "-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    public String name() {
        return settings.name();
    }

    public SourceSettings settings() {
        return settings;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * False when the query timeout is set once per connection (H2, PostgreSQL: the session's own timeout), so
     * statements need not set it.
     */
    public boolean needsStatementTimeout() {
        return sessionTimeout(settings) == null;
    }

    /**
     * The statement that sets a connection's query timeout once for its session, where the database has one that it
     * enforces itself; null where each statement sets it. H2 runs a command for every Statement#setQueryTimeout, and
     * the PostgreSQL driver enforces it with a timer task per statement (a wake-up of the connection's timer thread
     * each time), where the server enforces its session's statement_timeout.
     */
    private static @Nullable String sessionTimeout(SourceSettings settings) {
        long millis = settings.queryTimeout().toMillis();
        if (settings.jdbcUrl().startsWith("jdbc:h2:")) {
            return "SET QUERY_TIMEOUT " + millis;
        }
        if (settings.jdbcUrl().startsWith("jdbc:postgresql:")) {
            return "SET statement_timeout = " + millis;
        }
        return null;
    }

    /** Whether statements must bound their wait for the network (every source but an embedded one). */
    public boolean needsNetworkTimeout() {
        return !settings.jdbcUrl().startsWith("jdbc:h2:");
    }

    public ExecutorService executor() {
        return executor;
    }

    /** The bulkhead and circuit breaker every query to this source passes. */
    public SourceGuard guard() {
        return guard;
    }

    /**
     * A Calcite schema over these tables of the source, their metadata read now, once: Calcite's JDBC schema would
     * otherwise ask the database on every lookup, which costs time on every plan and fails while the source is down.
     */
    public SourceSchema readSchema(Set<String> tables) {
        SchemaPlus root = CalciteSchema.createRootSchema(false, false).plus();
        Expression expression = Schemas.subSchemaExpression(root, settings.name(), JdbcSchema.class);
        JdbcConvention convention = JdbcConvention.of(dialect, expression, settings.name());
        JdbcSchema schema = new JdbcSchema(dataSource, dialect, convention, jdbcCatalog, jdbcSchema);
        try {
            root.add(settings.name(), TableSnapshot.of(schema, tables));
        } catch (RuntimeException e) {
            throw new SourceUnavailableException(settings.name(), "cannot read the metadata of its tables", e);
        }
        return new SourceSchema(this, root, tables);
    }

    /**
     * The table as the source describes it now (JDBC metadata: columns, indexes), matched by name exactly first, then
     * ignoring case; empty when the source has no such table.
     */
    public Optional<TableDescription> describe(String table) {
        try (Connection connection = dataSource.getConnection()) {
            return TableDescriptions.describe(connection.getMetaData(), jdbcCatalog, jdbcSchema, table);
        } catch (SQLException e) {
            throw new SourceUnavailableException(settings.name(), "cannot read its metadata", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        pool.close();
    }
}
