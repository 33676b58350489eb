package org.govshare.gateway.demo;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the five demo sources with a deterministic synthetic population plus the fixed records of
 * {@link FixedRecords}: each present source gets its table dropped, re-created and written in JDBC batches, one writer
 * thread per source.
 */
public final class DemoDataGenerator {
    public static final int MINIMUM_RESIDENTS = 1_000;
    public static final int MAXIMUM_RESIDENTS = 10_000_000;
    public static final int DEFAULT_RESIDENTS = 100_000;

    public static final String POLICE = "police";
    public static final String HRSS = "hrss";
    public static final String TAX = "tax";
    public static final String MEDICAL = "medical";
    public static final String MARKET = "market";
    /** The prefix of the JDBC URLs of embedded in-memory H2 databases: the only ones the demo may overwrite. */
    public static final String IN_MEMORY = "jdbc:h2:mem:";
    /** The source names {@link #generate} understands, in the order their writers start. */
    public static final List<String> SOURCE_NAMES = List.of(POLICE, HRSS, TAX, MEDICAL, MARKET);

    /**
     * Rows per INSERT statement. Multi-row VALUES halves H2's per-row cost and gives PostgreSQL what its driver's
     * reWriteBatchedInserts would, without depending on that setting; 50 rows of at most 9 columns stay far below
     * every driver's limit on parameters.
     */
    static final int ROWS_PER_STATEMENT = 50;
    /** Rows sent to the source per JDBC batch. */
    static final int BATCH_SIZE = 1_000;
    /** Committing every so many subjects keeps transactions small enough for ten million rows on a real server. */
    static final int SUBJECTS_PER_TRANSACTION = 10_000;

    private static final Logger log = LoggerFactory.getLogger(DemoDataGenerator.class);

    private static final List<Table<?>> TABLES = List.of(
            new Table<ResidentRow>(
                    POLICE,
                    "resident",
                    List.of(
                            "DROP TABLE IF EXISTS resident",
                            "CREATE TABLE resident (id_number VARCHAR(18) PRIMARY KEY, name VARCHAR(64) NOT NULL,"
                                    + " gender VARCHAR(8) NOT NULL, birth_date DATE NOT NULL,"
                                    + " ethnicity VARCHAR(32) NOT NULL, region_code VARCHAR(6) NOT NULL,"
                                    + " address VARCHAR(200) NOT NULL, registration_status VARCHAR(16) NOT NULL,"
                                    + " death_registered_on DATE)"),
                    List.of("CREATE INDEX resident_region_idx ON resident (region_code, id_number)"),
                    List.of(
                            "id_number",
                            "name",
                            "gender",
                            "birth_date",
                            "ethnicity",
                            "region_code",
                            "address",
                            "registration_status",
                            "death_registered_on"),
                    FixedRecords.RESIDENTS.stream()
                            .map(ResidentRecords::resident)
                            .toList(),
                    (dataset, subject, rows) -> rows.add(dataset.residentRow(subject)),
                    DemoDataGenerator::bindResident,
                    false),
            new Table<PensionAccountRow>(
                    HRSS,
                    "pension_account",
                    List.of(
                            "DROP TABLE IF EXISTS pension_account",
                            "CREATE TABLE pension_account (id_number VARCHAR(18) PRIMARY KEY,"
                                    + " status VARCHAR(16) NOT NULL, retired BOOLEAN NOT NULL, retirement_date DATE,"
                                    + " monthly_amount DECIMAL(12,2), contribution_months INT NOT NULL,"
                                    + " region_code VARCHAR(6) NOT NULL)"),
                    List.of(),
                    List.of(
                            "id_number",
                            "status",
                            "retired",
                            "retirement_date",
                            "monthly_amount",
                            "contribution_months",
                            "region_code"),
                    FixedRecords.RESIDENTS.stream()
                            .flatMap(records -> records.findPension().stream())
                            .toList(),
                    (dataset, subject, rows) -> dataset.findPension(subject).ifPresent(rows::add),
                    DemoDataGenerator::bindPensionAccount,
                    false),
            new Table<IncomeRecordRow>(
                    TAX,
                    "income_record",
                    List.of(
                            "DROP TABLE IF EXISTS income_record",
                            "CREATE TABLE income_record (id_number VARCHAR(18) NOT NULL, tax_year INT NOT NULL,"
                                    + " annual_income DECIMAL(14,2) NOT NULL, tax_paid DECIMAL(14,2) NOT NULL,"
                                    + " PRIMARY KEY (id_number, tax_year))"),
                    List.of(),
                    List.of("id_number", "tax_year", "annual_income", "tax_paid"),
                    FixedRecords.RESIDENTS.stream()
                            .flatMap(records -> records.incomes().stream())
                            .toList(),
                    (dataset, subject, rows) -> rows.addAll(dataset.incomes(subject)),
                    DemoDataGenerator::bindIncomeRecord,
                    false),
            new Table<MedicalInsuranceRow>(
                    MEDICAL,
                    "medical_insurance",
                    List.of(
                            "DROP TABLE IF EXISTS medical_insurance",
                            "CREATE TABLE medical_insurance (id_number VARCHAR(18) PRIMARY KEY,"
                                    + " plan VARCHAR(32) NOT NULL, status VARCHAR(16) NOT NULL,"
                                    + " balance DECIMAL(12,2) NOT NULL)"),
                    List.of(),
                    List.of("id_number", "plan", "status", "balance"),
                    FixedRecords.RESIDENTS.stream()
                            .flatMap(records -> records.findMedicalInsurance().stream())
                            .toList(),
                    (dataset, subject, rows) ->
                            dataset.findMedicalInsurance(subject).ifPresent(rows::add),
                    DemoDataGenerator::bindMedicalInsurance,
                    false),
            new Table<EnterpriseRow>(
                    MARKET,
                    "enterprise",
                    List.of(
                            "DROP TABLE IF EXISTS enterprise",
                            "CREATE TABLE enterprise (credit_code VARCHAR(18) PRIMARY KEY, name VARCHAR(128) NOT NULL,"
                                    + " status VARCHAR(16) NOT NULL, registered_capital DECIMAL(16,2) NOT NULL,"
                                    + " legal_representative_id VARCHAR(18) NOT NULL)"),
                    List.of(),
                    List.of("credit_code", "name", "status", "registered_capital", "legal_representative_id"),
                    FixedRecords.ENTERPRISES,
                    (dataset, subject, rows) -> rows.add(dataset.enterprise(subject)),
                    DemoDataGenerator::bindEnterprise,
                    true));

    private final long seed;
    private final boolean anyDatabase;

    /** A generator that writes only to embedded in-memory H2 databases: it drops and re-creates its tables. */
    public DemoDataGenerator(long seed) {
        this(seed, false);
    }

    private DemoDataGenerator(long seed, boolean anyDatabase) {
        this.seed = seed;
        this.anyDatabase = anyDatabase;
    }

    /**
     * A generator that writes to any database: for the benchmarks and tests, into databases they create for
     * themselves. The gateway never makes one (its demo loader refuses every source but an in-memory one).
     */
    public static DemoDataGenerator forDatabasesOfYourOwn(long seed) {
        return new DemoDataGenerator(seed, true);
    }

    /** The synthetic population this generator writes for {@code residents}, without touching any database. */
    public DemoDataset dataset(int residents) {
        return new DemoDataset(seed, residents);
    }

    /** {@link #generate(Map, int, ProgressListener)} without a progress listener. */
    public GenerationReport generate(Map<String, DataSource> sources, int residents) throws SQLException {
        return generate(sources, residents, ProgressListener.none());
    }

    /**
     * Drops, re-creates and fills the table of every source in {@code sources} (keys from {@link #SOURCE_NAMES};
     * absent sources are skipped). The sources are written concurrently; the first failure is thrown once every writer
     * has stopped, with the others' failures suppressed in it.
     *
     * @param residents generated residents, {@link #MINIMUM_RESIDENTS} … {@link #MAXIMUM_RESIDENTS}; the fixed
     *     records come on top
     */
    public GenerationReport generate(Map<String, DataSource> sources, int residents, ProgressListener listener)
            throws SQLException {
        requireNonNull(sources, "sources is null");
        requireNonNull(listener, "listener is null");
        if (!anyDatabase) {
            requireInMemory(sources);
        }
        DemoDataset dataset = dataset(residents);
        sources.keySet().stream()
                .filter(name -> !SOURCE_NAMES.contains(name))
                .forEach(name -> log.warn("Demo data: no demo table belongs to source '{}'; it is left alone", name));
        log.info(
                "Demo data: writing {} residents and {} enterprises (seed {}) into {}",
                dataset.residentCount(),
                dataset.enterpriseCount(),
                seed,
                SOURCE_NAMES.stream().filter(sources::containsKey).toList());
        long start = System.nanoTime();

        Map<String, FutureTask<Long>> writers = new LinkedHashMap<>();
        for (Table<?> table : TABLES) {
            DataSource dataSource = sources.get(table.source());
            if (dataSource != null) {
                FutureTask<Long> writer = new FutureTask<>(() -> write(dataSource, table, dataset, listener));
                Thread thread = new Thread(writer, "demo-data-" + table.source());
                thread.setDaemon(true);
                thread.start();
                writers.put(table.name(), writer);
            }
        }
        Map<String, Long> rowsByTable = new LinkedHashMap<>();
        Throwable failure = null;
        for (Map.Entry<String, FutureTask<Long>> writer : writers.entrySet()) {
            try {
                rowsByTable.put(writer.getKey(), writer.getValue().get());
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                } else {
                    failure.addSuppressed(e.getCause());
                }
            } catch (InterruptedException e) {
                writers.values().forEach(task -> task.cancel(true));
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while writing demo data", e);
            }
        }
        if (failure instanceof SQLException sqlException) {
            throw sqlException;
        }
        if (failure instanceof RuntimeException runtimeException) {
            throw runtimeException;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw new IllegalStateException("demo data writer failed", failure);
        }
        GenerationReport report = new GenerationReport(rowsByTable, Duration.ofNanos(System.nanoTime() - start));
        log.info(
                "Demo data: {} rows in {} ms ({} rows/s)",
                report.totalRows(),
                report.elapsed().toMillis(),
                rowsPerSecond(report.totalRows(), System.nanoTime() - start));
        return report;
    }

    /** Refuses, before any table is touched, when a source is not an embedded in-memory database. */
    private static void requireInMemory(Map<String, DataSource> sources) throws SQLException {
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, DataSource> source : sources.entrySet()) {
            try (Connection connection = source.getValue().getConnection()) {
                String url = String.valueOf(connection.getMetaData().getURL());
                if (!url.startsWith(IN_MEMORY)) {
                    refused.add(source.getKey());
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("the demo generator drops and re-creates its tables, so it writes only to"
                    + " embedded in-memory databases (" + IN_MEMORY + "); refused: " + refused);
        }
    }

    private static <R> long write(DataSource dataSource, Table<R> table, DemoDataset dataset, ProgressListener listener)
            throws SQLException {
        int subjects = table.perEnterprise() ? dataset.enterpriseCount() : dataset.residentCount();
        TableProgress progress = new TableProgress(table, subjects, listener);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                for (String schemaStatement : table.schema()) {
                    statement.execute(schemaStatement);
                }
            }
            connection.setAutoCommit(false);
            long rows;
            try {
                rows = insert(connection, table, dataset, subjects, progress);
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
            // Index DDL runs after the load has committed; pools lend connections in auto-commit mode and expect
            // them back that way.
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                for (String index : table.indexes()) {
                    statement.execute(index);
                }
                // Autovacuum analyses a freshly loaded table only up to a minute later, and until then PostgreSQL's
                // planner guesses row counts. H2 and MariaDB gather statistics on their own as rows arrive.
                if (connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                    statement.execute("ANALYZE " + table.name());
                }
            }
            progress.finish(rows);
            return rows;
        }
    }

    private static <R> long insert(
            Connection connection, Table<R> table, DemoDataset dataset, int subjects, TableProgress progress)
            throws SQLException {
        try (PreparedStatement multipleRows = connection.prepareStatement(table.insert(ROWS_PER_STATEMENT));
                PreparedStatement singleRow = connection.prepareStatement(table.insert(1))) {
            Batch<R> batch = new Batch<>(
                    multipleRows, singleRow, table.binder(), table.columns().size());
            for (R row : table.fixedRows()) {
                batch.add(row);
            }
            List<R> subjectRows = new ArrayList<>();
            for (int subject = 0; subject < subjects; subject++) {
                table.generator().addRows(dataset, subject, subjectRows);
                for (R row : subjectRows) {
                    batch.add(row);
                }
                subjectRows.clear();
                int done = subject + 1;
                if (done % SUBJECTS_PER_TRANSACTION == 0 || done == subjects) {
                    batch.flush();
                    connection.commit();
                    progress.update(done, batch.rows());
                }
            }
            return batch.rows();
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void bindResident(PreparedStatement statement, int first, ResidentRow row) throws SQLException {
        statement.setString(first, row.idNumber());
        statement.setString(first + 1, row.name());
        statement.setString(first + 2, row.gender());
        statement.setObject(first + 3, row.birthDate());
        statement.setString(first + 4, row.ethnicity());
        statement.setString(first + 5, row.regionCode());
        statement.setString(first + 6, row.address());
        statement.setString(first + 7, row.registrationStatus());
        LocalDate deathRegisteredOn = row.deathRegisteredOn();
        if (deathRegisteredOn == null) {
            statement.setNull(first + 8, Types.DATE);
        } else {
            statement.setObject(first + 8, deathRegisteredOn);
        }
    }

    private static void bindPensionAccount(PreparedStatement statement, int first, PensionAccountRow row)
            throws SQLException {
        statement.setString(first, row.idNumber());
        statement.setString(first + 1, row.status());
        statement.setBoolean(first + 2, row.retired());
        LocalDate retirementDate = row.retirementDate();
        if (retirementDate == null) {
            statement.setNull(first + 3, Types.DATE);
        } else {
            statement.setObject(first + 3, retirementDate);
        }
        BigDecimal monthlyAmount = row.monthlyAmount();
        if (monthlyAmount == null) {
            statement.setNull(first + 4, Types.DECIMAL);
        } else {
            statement.setBigDecimal(first + 4, monthlyAmount);
        }
        statement.setInt(first + 5, row.contributionMonths());
        statement.setString(first + 6, row.regionCode());
    }

    private static void bindIncomeRecord(PreparedStatement statement, int first, IncomeRecordRow row)
            throws SQLException {
        statement.setString(first, row.idNumber());
        statement.setInt(first + 1, row.year());
        statement.setBigDecimal(first + 2, row.annualIncome());
        statement.setBigDecimal(first + 3, row.taxPaid());
    }

    private static void bindMedicalInsurance(PreparedStatement statement, int first, MedicalInsuranceRow row)
            throws SQLException {
        statement.setString(first, row.idNumber());
        statement.setString(first + 1, row.plan());
        statement.setString(first + 2, row.status());
        statement.setBigDecimal(first + 3, row.balance());
    }

    private static void bindEnterprise(PreparedStatement statement, int first, EnterpriseRow row) throws SQLException {
        statement.setString(first, row.creditCode());
        statement.setString(first + 1, row.name());
        statement.setString(first + 2, row.status());
        statement.setBigDecimal(first + 3, row.registeredCapital());
        statement.setString(first + 4, row.legalRepresentativeId());
    }

    private static long rowsPerSecond(long rows, long nanos) {
        return nanos <= 0 ? rows : rows * 1_000_000_000L / nanos;
    }

    /** Adds the rows that subject {@code subject} (a resident or enterprise index) contributes to a table. */
    @FunctionalInterface
    private interface RowGenerator<R> {
        void addRows(DemoDataset dataset, int subject, List<R> rows);
    }

    /** Sets one row's values as the parameters from {@code first} on, in the table's column order. */
    @FunctionalInterface
    private interface RowBinder<R> {
        void bind(PreparedStatement statement, int first, R row) throws SQLException;
    }

    /**
     * The one demo table of a source: its schema, the secondary indexes built once its rows are in (cheaper than
     * maintaining them row by row), its insert, and where its rows come from.
     */
    private record Table<R>(
            String source,
            String name,
            List<String> schema,
            List<String> indexes,
            List<String> columns,
            List<R> fixedRows,
            RowGenerator<R> generator,
            RowBinder<R> binder,
            boolean perEnterprise) {
        /** An INSERT of {@code rows} rows; only placeholders, values are always bound as parameters. */
        String insert(int rows) {
            String row = columns.stream().map(column -> "?").collect(Collectors.joining(", ", "(", ")"));
            return "INSERT INTO " + name + " (" + String.join(", ", columns) + ") VALUES "
                    + String.join(", ", Collections.nCopies(rows, row));
        }
    }

    /**
     * Collects rows into multi-row INSERTs sent {@link #BATCH_SIZE} rows at a time; rows that do not fill a last
     * statement go through the single-row INSERT on {@link #flush()}.
     */
    private static final class Batch<R> {
        private final PreparedStatement multipleRows;
        private final PreparedStatement singleRow;
        private final RowBinder<R> binder;
        private final int columns;
        private final List<R> group = new ArrayList<>(ROWS_PER_STATEMENT);
        private int pendingStatements;
        private long rows;

        Batch(PreparedStatement multipleRows, PreparedStatement singleRow, RowBinder<R> binder, int columns) {
            this.multipleRows = multipleRows;
            this.singleRow = singleRow;
            this.binder = binder;
            this.columns = columns;
        }

        void add(R row) throws SQLException {
            group.add(row);
            rows++;
            if (group.size() == ROWS_PER_STATEMENT) {
                for (int position = 0; position < ROWS_PER_STATEMENT; position++) {
                    binder.bind(multipleRows, position * columns + 1, group.get(position));
                }
                group.clear();
                multipleRows.addBatch();
                if (++pendingStatements * ROWS_PER_STATEMENT >= BATCH_SIZE) {
                    multipleRows.executeBatch();
                    pendingStatements = 0;
                }
            }
        }

        void flush() throws SQLException {
            if (pendingStatements > 0) {
                multipleRows.executeBatch();
                pendingStatements = 0;
            }
            if (!group.isEmpty()) {
                for (R row : group) {
                    binder.bind(singleRow, 1, row);
                    singleRow.addBatch();
                }
                singleRow.executeBatch();
                group.clear();
            }
        }

        long rows() {
            return rows;
        }
    }

    /** Reports one table's progress to the listener at every commit and to the log at every tenth. */
    private static final class TableProgress {
        private final String table;
        private final String qualifiedName;
        private final String subjectName;
        private final long total;
        private final ProgressListener listener;
        private final long start = System.nanoTime();
        private long nextLoggedTenth = 1;

        TableProgress(Table<?> table, long total, ProgressListener listener) {
            this.table = table.name();
            this.qualifiedName = table.source() + "." + table.name();
            this.subjectName = table.perEnterprise() ? "enterprises" : "residents";
            this.total = total;
            this.listener = listener;
        }

        void update(long done, long rows) {
            listener.onProgress(table, done, total);
            long tenth = done * 10 / total;
            if (tenth >= nextLoggedTenth && done < total) {
                nextLoggedTenth = tenth + 1;
                log.info(
                        "Demo data {}: {}% ({} of {} {}), {} rows, {} rows/s",
                        qualifiedName,
                        tenth * 10,
                        done,
                        total,
                        subjectName,
                        rows,
                        rowsPerSecond(rows, System.nanoTime() - start));
            }
        }

        void finish(long rows) {
            long nanos = System.nanoTime() - start;
            log.info(
                    "Demo data {}: {} rows in {} ms ({} rows/s)",
                    qualifiedName,
                    rows,
                    nanos / 1_000_000,
                    rowsPerSecond(rows, nanos));
        }
    }
}
