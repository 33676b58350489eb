package org.govshare.connector.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.execution.SourceQueryListener;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.connector.source.SourceSettings;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.govshare.schema.catalog.Comparison;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Compiles set claim checks of the demo catalog against an in-memory H2 source and runs them. */
class SetClaimCheckCompilerTest {
    private static final String R1 = "44190019620315048X";
    private static final String R2 = "110105198511020038";
    private static final String R3 = "441900195807210012";
    private static final String R0 = "110101197001010016";

    private final String run = UUID.randomUUID().toString();
    private SourceRegistry sources;
    private SetClaimCheckCompiler compiler;
    private SourceRegistry postgresSources;
    private SetClaimCheckCompiler postgresCompiler;
    private SourceQueryExecutor postgresExecutor;
    private SourceQueryExecutor executor;

    @BeforeEach
    void sources() {
        String police = "jdbc:h2:mem:police-" + run + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
        execute(police, """
                CREATE TABLE resident(id_number VARCHAR(18) PRIMARY KEY, name VARCHAR(64), gender VARCHAR(8),
                  birth_date DATE, ethnicity VARCHAR(32), region_code VARCHAR(6), address VARCHAR(200),
                  registration_status VARCHAR(16), death_registered_on DATE);
                INSERT INTO resident VALUES ('%s', '张秀英', 'FEMALE', DATE '1962-03-15', '汉族', '441900', 'a', 'ALIVE', NULL);
                INSERT INTO resident VALUES ('%s', '李建国', 'MALE', DATE '1985-11-02', '汉族', '110105', 'b', 'ALIVE', NULL);
                INSERT INTO resident VALUES ('%s', '陈志强', 'MALE', DATE '1958-07-21', '汉族', '441900', 'c', 'ALIVE', NULL);
                """.formatted(R1, R2, R3));
        String tax = "jdbc:h2:mem:tax-" + run + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
        execute(tax, """
                CREATE TABLE income_record(id_number VARCHAR(18), tax_year INT, annual_income DECIMAL(14,2),
                  tax_paid DECIMAL(14,2), PRIMARY KEY (id_number, tax_year));
                INSERT INTO income_record VALUES ('%s', 2024, 39000.00, 0.00);
                INSERT INTO income_record VALUES ('%s', 2023, 12000.00, 0.00);
                INSERT INTO income_record VALUES ('%s', 2024, 420000.00, 71080.00);
                INSERT INTO income_record VALUES ('%s', 2024, 26400.00, 0.00);
                """.formatted(R1, R1, R2, R3));
        // The same tables behind a source taken as PostgreSQL (H2 in its PostgreSQL mode): its statements bind the keys
        // as one array, which H2 runs as PostgreSQL does.
        String postgres = "jdbc:h2:mem:pg-" + run + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
        execute(postgres, """
                CREATE TABLE resident(id_number VARCHAR(18) PRIMARY KEY, name VARCHAR(64), gender VARCHAR(8),
                  birth_date DATE, ethnicity VARCHAR(32), region_code VARCHAR(6), address VARCHAR(200),
                  registration_status VARCHAR(16), death_registered_on DATE);
                INSERT INTO resident VALUES ('%s', '张秀英', 'FEMALE', DATE '1962-03-15', '汉族', '441900', 'a', 'ALIVE', NULL);
                INSERT INTO resident VALUES ('%s', '李建国', 'MALE', DATE '1985-11-02', '汉族', '110105', 'b', 'ALIVE', NULL);
                INSERT INTO resident VALUES ('%s', '陈志强', 'MALE', DATE '1958-07-21', '汉族', '441900', 'c', 'ALIVE', NULL);
                CREATE TABLE income_record(id_number VARCHAR(18), tax_year INT, annual_income DECIMAL(14,2),
                  tax_paid DECIMAL(14,2), PRIMARY KEY (id_number, tax_year));
                INSERT INTO income_record VALUES ('%s', 2024, 39000.00, 0.00);
                INSERT INTO income_record VALUES ('%s', 2023, 12000.00, 0.00);
                INSERT INTO income_record VALUES ('%s', 2024, 420000.00, 71080.00);
                """.formatted(R1, R2, R3, R1, R1, R2));
        Catalog catalog =
                new CatalogParser(Set.of("police", "hrss", "tax", "medical", "market")).parse(CatalogFile.demo());
        sources = SourceRegistry.open(
                List.of(
                        new SourceSettings("police", police, "sa", "", 2, Duration.ofSeconds(2), Optional.empty()),
                        new SourceSettings("tax", tax, "sa", "", 2, Duration.ofSeconds(2), Optional.empty())),
                (name, dataSource) -> dataSource);
        postgresSources = SourceRegistry.open(
                List.of(
                        new SourceSettings(
                                "police", postgres, "sa", "", 2, Duration.ofSeconds(2), Optional.of("postgresql")),
                        new SourceSettings(
                                "tax", postgres, "sa", "", 2, Duration.ofSeconds(2), Optional.of("postgresql"))),
                (name, dataSource) -> dataSource);
        compiler = new SetClaimCheckCompiler(
                catalog,
                sources.schemas(Map.of(
                        "police", catalog.tablesBySource().get("police"),
                        "tax", catalog.tablesBySource().get("tax"))),
                10);
        postgresCompiler = new SetClaimCheckCompiler(
                catalog,
                postgresSources.schemas(Map.of(
                        "police", catalog.tablesBySource().get("police"),
                        "tax", catalog.tablesBySource().get("tax"))),
                10);
        executor = new SourceQueryExecutor(sources, SourceQueryListener.NONE);
        postgresExecutor = new SourceQueryExecutor(postgresSources, SourceQueryListener.NONE);
    }

    @AfterEach
    void close() {
        sources.close();
        postgresSources.close();
    }

    @Test
    void checksSharedClaimsForABatchOfKeysInOneParameterisedStatementThatReturnsNoValue() {
        SetClaimCheckShape shape = new SetClaimCheckShape(
                "Resident", "idNumber", 4, List.of(new ClaimTest("regionCode", Comparison.EQUALS)), false, List.of());
        CompiledQuery query = compiler.plan(shape);

        assertThat(query.sql()).contains("CASE WHEN").doesNotContain("441900").doesNotContain("name");
        assertThat(query.placeholderCount()).isEqualTo(5);
        assertThat(rows(query, R1, R2, R0, R0, "441900")).containsExactlyInAnyOrder(R1 + "=1", R2 + "=0");
        assertThat(compiler.plan(shape)).isSameAs(query);
    }

    @Test
    void checksPerSubjectClaimsAgainstEachKeysOwnValue() {
        SetClaimCheckShape shape = new SetClaimCheckShape(
                "Resident", "idNumber", 3, List.of(new ClaimTest("name", Comparison.EQUALS)), true, List.of());
        CompiledQuery query = compiler.plan(shape);

        assertThat(query.sql()).doesNotContain("张秀英");
        // R1 claimed with its own name, R2 with R1's name, R3 with its own name padded.
        assertThat(rows(query, R1, R2, R3, "张秀英", "张秀英", "陈志强"))
                .containsExactlyInAnyOrder(R1 + "=1", R2 + "=0", R3 + "=1");
    }

    @Test
    void appliesRowConditionsSoThatARecordOutsideThemIsNotFound() {
        SetClaimCheckShape shape = new SetClaimCheckShape(
                "Resident",
                "idNumber",
                2,
                List.of(new ClaimTest("birthDate", Comparison.AT_MOST)),
                false,
                List.of(new RowCondition("regionCode", RowCondition.Operator.STARTS_WITH)));
        CompiledQuery query = compiler.plan(shape);

        assertThat(rows(query, R1, R2, java.time.LocalDate.of(1970, 1, 1), RowCondition.startsWithPattern("4419")))
                .containsExactly(R1 + "=1");
    }

    @Test
    void checksAClaimAboutTheRecordASelectorPicksAmongEachKeysRecords() {
        SetClaimCheckShape shape = new SetClaimCheckShape(
                "IncomeRecord",
                "idNumber",
                4,
                List.of(new ClaimTest("annualIncome", Comparison.AT_MOST)),
                false,
                List.of(),
                List.of("year"));
        CompiledQuery query = compiler.plan(shape);

        assertThat(query.sql()).contains("tax_year").doesNotContain("2024").doesNotContain("30000");
        assertThat(shape.slotCount()).isEqualTo(6);
        assertThat(query.placeholderCount()).isEqualTo(6);
        Object[] slots = new Object[shape.slotCount()];
        slots[0] = R1;
        slots[1] = R2;
        slots[2] = R3;
        slots[3] = R0;
        slots[shape.claimSlot(0, 0)] = new java.math.BigDecimal("30000");
        slots[shape.selectorSlot(0)] = 2024;
        // R1's 2023 income (12,000) is not the record the selector picks: one row per key, that year's.
        assertThat(rows(query, slots)).containsExactlyInAnyOrder(R1 + "=0", R2 + "=0", R3 + "=1");
        slots[shape.selectorSlot(0)] = 2023;
        assertThat(rows(query, slots)).containsExactly(R1 + "=1");
    }

    @Test
    void withoutClaimsSaysOnlyWhichKeysHaveARecord() {
        SetClaimCheckShape shape = new SetClaimCheckShape("Resident", "idNumber", 2, List.of(), false, List.of());
        CompiledQuery query = compiler.plan(shape);

        assertThat(query.sql()).doesNotContain("CASE").doesNotContain("name");
        assertThat(rows(query, R1, R0)).containsExactly(R1 + "=");
    }

    @Test
    void onPostgresqlBindsTheKeysAsOneArrayInAStatementWhoseTextIsTheSameForAnyNumberOfKeys() {
        SetClaimCheckShape shape = new SetClaimCheckShape(
                "Resident", "idNumber", 4, List.of(new ClaimTest("regionCode", Comparison.EQUALS)), false, List.of());
        CompiledQuery query = postgresCompiler.plan(shape);

        assertThat(query.sql()).contains("= ANY(?)").doesNotContain(" OR ").doesNotContain("441900");
        // The claimed value (in the CASE) and the array, which holds the key slots 0 to 3 and has a slot of its own.
        assertThat(query.placeholderCount()).isEqualTo(2);
        assertThat(query.arrayParameter())
                .isEqualTo(new CompiledQuery.ArrayParameter(shape.slotCount(), 0, 4, "varchar"));
        assertThat(java.util.stream.IntStream.range(0, 2).map(query::slotAt))
                .containsExactly(shape.claimSlot(0, 0), shape.slotCount());
        assertThat(postgresRows(query, R1, R2, R0, R0, "441900")).containsExactlyInAnyOrder(R1 + "=1", R2 + "=0");

        SetClaimCheckShape large = new SetClaimCheckShape(
                "Resident",
                "idNumber",
                2048,
                List.of(new ClaimTest("regionCode", Comparison.EQUALS)),
                false,
                List.of());
        assertThat(postgresCompiler.plan(large).sql()).isEqualTo(query.sql());
    }

    @Test
    void onPostgresqlKeepsPerSubjectClaimsOneBranchPerKeyWithTheKeysAsOneArray() {
        SetClaimCheckShape shape = new SetClaimCheckShape(
                "Resident", "idNumber", 3, List.of(new ClaimTest("name", Comparison.EQUALS)), true, List.of());
        CompiledQuery query = postgresCompiler.plan(shape);

        assertThat(query.sql()).contains("= ANY(?)").doesNotContain(" OR ").doesNotContain("张秀英");
        // The array, then per key its own key and claimed value in the CASE.
        assertThat(query.placeholderCount()).isEqualTo(1 + 3 * 2);
        assertThat(postgresRows(query, R1, R2, R3, "张秀英", "张秀英", "陈志强"))
                .containsExactlyInAnyOrder(R1 + "=1", R2 + "=0", R3 + "=1");
    }

    @Test
    void onPostgresqlKeepsRowConditionsAndSelectorsBoundValues() {
        SetClaimCheckShape filtered = new SetClaimCheckShape(
                "Resident",
                "idNumber",
                2,
                List.of(new ClaimTest("birthDate", Comparison.AT_MOST)),
                false,
                List.of(new RowCondition("regionCode", RowCondition.Operator.STARTS_WITH)));
        assertThat(postgresRows(
                        postgresCompiler.plan(filtered),
                        R1,
                        R2,
                        java.time.LocalDate.of(1970, 1, 1),
                        RowCondition.startsWithPattern("4419")))
                .containsExactly(R1 + "=1");

        SetClaimCheckShape selected = new SetClaimCheckShape(
                "IncomeRecord",
                "idNumber",
                2,
                List.of(new ClaimTest("annualIncome", Comparison.AT_MOST)),
                false,
                List.of(),
                List.of("year"));
        CompiledQuery query = postgresCompiler.plan(selected);
        assertThat(query.sql()).contains("= ANY(?)").doesNotContain("2024");
        Object[] slots = new Object[selected.slotCount()];
        slots[0] = R1;
        slots[1] = R2;
        slots[selected.claimSlot(0, 0)] = new java.math.BigDecimal("30000");
        slots[selected.selectorSlot(0)] = 2024;
        assertThat(postgresRows(query, slots)).containsExactlyInAnyOrder(R1 + "=0", R2 + "=0");
        slots[selected.selectorSlot(0)] = 2023;
        assertThat(postgresRows(query, slots)).containsExactly(R1 + "=1");
    }

    @Test
    void onOtherDialectsKeepsOneBoundValuePerKey() {
        SetClaimCheckShape shape = new SetClaimCheckShape("Resident", "idNumber", 3, List.of(), false, List.of());
        CompiledQuery query = compiler.plan(shape);

        assertThat(query.arrayParameter()).isNull();
        assertThat(query.sql()).contains(" OR ").doesNotContain("ANY");
        assertThat(query.placeholderCount()).isEqualTo(3);

        // A default-sized batch (2,048 keys) compiles and runs there too, one bound value per key.
        SetClaimCheckShape large = new SetClaimCheckShape("Resident", "idNumber", 2048, List.of(), false, List.of());
        CompiledQuery largeQuery = compiler.plan(large);
        assertThat(largeQuery.placeholderCount()).isEqualTo(2048);
        Object[] keys = new Object[2048];
        Arrays.fill(keys, R0);
        keys[7] = R2;
        keys[2047] = R1;
        assertThat(rows(largeQuery, keys)).containsExactlyInAnyOrder(R1 + "=", R2 + "=");
    }

    private List<String> postgresRows(CompiledQuery query, Object... slots) {
        return rows(postgresExecutor, query, slots);
    }

    private List<String> rows(CompiledQuery query, Object... slots) {
        return rows(executor, query, slots);
    }

    private static List<String> rows(SourceQueryExecutor executor, CompiledQuery query, Object... slots) {
        List<@Nullable Object[]> rows = executor.execute(query, slots);
        return rows.stream()
                .map(row -> row[0] + "="
                        + Arrays.stream(row, 1, row.length).map(String::valueOf).reduce("", String::concat))
                .toList();
    }

    private static void execute(String url, String script) {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement statement = connection.createStatement()) {
            for (String sql : script.split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
