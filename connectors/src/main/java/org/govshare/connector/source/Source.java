package org.govshare.connector.source;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptSchema;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.lookup.Named;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.MysqlSqlDialect;
import org.apache.calcite.sql.type.SqlTypeFactoryImpl;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.RelBuilder;
import org.jspecify.annotations.Nullable;

/**
 * One registered source: its connection pool, its SQL dialect, a Calcite schema over its tables (built once), a
 * bounded set of threads, and a guard (bulkhead and circuit breaker) so that a slow or failing source cannot take the
 * threads and time other sources need.
 */
public final class Source implements AutoCloseable {
    private final SourceSettings settings;
    private final HikariDataSource pool;
    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final SchemaPlus rootSchema;
    private final ExecutorService executor;
    private final SourceGuard guard;
    private final Object planningLock = new Object();
    private @Nullable RelOptCluster cluster;
    private @Nullable RelOptSchema relOptSchema;

    private Source(
            SourceSettings settings,
            HikariDataSource pool,
            DataSource dataSource,
            SqlDialect dialect,
            SchemaPlus rootSchema,
            ExecutorService executor) {
        this.settings = settings;
        this.pool = pool;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.rootSchema = rootSchema;
        this.executor = executor;
        this.guard = new SourceGuard(settings);
    }

    /**
     * Opens the pool, reads the product name to choose the dialect, and builds the Calcite schema.
     *
     * @param decorator wraps the pool's data source (e.g. to observe the statements a source receives); identity in
     *     production
     * @param tables the tables to read metadata of, once: Calcite's JDBC schema would otherwise ask the database on
     *     every lookup, which costs time on every plan and fails while the source is down
     */
    public static Source open(SourceSettings settings, UnaryOperator<DataSource> decorator, Set<String> tables) {
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
        if (settings.jdbcUrl().startsWith("jdbc:h2:")) {
            // H2 runs a command for every Statement#setQueryTimeout; set the session's timeout once instead.
            config.setConnectionInitSql(
                    "SET QUERY_TIMEOUT " + settings.queryTimeout().toMillis());
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
            SchemaPlus root = CalciteSchema.createRootSchema(false, false).plus();
            Expression expression = Schemas.subSchemaExpression(root, settings.name(), JdbcSchema.class);
            JdbcConvention convention = JdbcConvention.of(dialect, expression, settings.name());
            // MySQL-family databases name their databases as catalogs; the others use a schema within one catalog.
            boolean catalogIsDatabase = dialect instanceof MysqlSqlDialect;
            JdbcSchema schema = new JdbcSchema(
                    dataSource,
                    dialect,
                    convention,
                    catalogIsDatabase ? jdbcCatalog : null,
                    catalogIsDatabase ? null : jdbcSchema);
            root.add(settings.name(), TableSnapshot.of(schema, tables));
            return new Source(settings, pool, dataSource, dialect, root, executor(settings));
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

    /** False when the timeout is set once per connection (H2), so statements need not set it. */
    public boolean needsStatementTimeout() {
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
     * Runs {@code planning} with a relational builder over this source's tables. Setting up Calcite's planning
     * environment costs milliseconds, so one is kept per source; its metadata caches are not thread-safe, so
     * planning on one source is serialised (it happens only for shapes not yet in the plan cache).
     */
    public <T> T plan(Function<RelBuilder, T> planning) {
        synchronized (planningLock) {
            if (cluster == null || relOptSchema == null) {
                FrameworkConfig config =
                        Frameworks.newConfigBuilder().defaultSchema(rootSchema).build();
                Frameworks.withPlanner(
                        (newCluster, newSchema, root) -> {
                            // Calcite finds metadata handlers through a thread-local set on the creating thread;
                            // plans are made on whichever request thread needs them, so bind the handlers here.
                            newCluster.setMetadataQuerySupplier(
                                    () -> new RelMetadataQuery(JaninoRelMetadataProvider.DEFAULT));
                            cluster = newCluster;
                            relOptSchema = newSchema;
                            return null;
                        },
                        config);
            }
            RelOptCluster planningCluster = requireNonNull(cluster, "cluster");
            try {
                return planning.apply(RelBuilder.proto(Contexts.empty()).create(planningCluster, relOptSchema));
            } finally {
                // Metadata cached while planning one shape is of no use for the next; let it go.
                planningCluster.invalidateMetadataQuery();
            }
        }
    }

    /** The source's table of that name (among those read at start), matched exactly first, then ignoring case. */
    public Optional<Named<Table>> table(String name) {
        SchemaPlus schema = requireNonNull(rootSchema.subSchemas().get(settings.name()), "source schema missing");
        Table exact = schema.tables().get(name);
        if (exact != null) {
            return Optional.of(new Named<>(name, exact));
        }
        return Optional.ofNullable(schema.tables().getIgnoreCase(name));
    }

    /** Column names of a table, or empty when the source has no such table. */
    public Optional<Set<String>> columns(String tableName) {
        return table(tableName).map(named -> {
            Set<String> names = new TreeSet<>();
            for (RelDataTypeField field : named.entity()
                    .getRowType(new SqlTypeFactoryImpl(RelDataTypeSystem.DEFAULT))
                    .getFieldList()) {
                names.add(field.getName());
            }
            return names;
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
        pool.close();
    }
}
