package org.govshare.connector.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.execution.SourceQueryListener;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.connector.source.SourceSettings;
import org.govshare.connector.source.SourceUnavailableException;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.govshare.schema.catalog.Comparison;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Compiles shapes of the demo catalog against in-memory H2 sources and runs them. */
class PlanCompilerTest {
    private static final String ID = "44190019620315048X";
    private static final String OTHER_ID = "110105198511020038";

    private final String run = UUID.randomUUID().toString();
    private SourceRegistry sources;
    private PlanCache plans;
    private SourceQueryExecutor executor;

    @BeforeEach
    void sources() {
        String police = "jdbc:h2:mem:police-" + run + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
        String hrss = "jdbc:h2:mem:hrss-" + run + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
        execute(police, """
                CREATE TABLE resident(id_number VARCHAR(18) PRIMARY KEY, name VARCHAR(64), gender VARCHAR(8),
                  birth_date DATE, ethnicity VARCHAR(32), region_code VARCHAR(6), address VARCHAR(200),
                  registration_status VARCHAR(16), death_registered_on DATE);
                INSERT INTO resident VALUES ('%s', '张秀英', 'FEMALE', DATE '1962-03-15', '汉族', '441900', 'a', 'ALIVE', NULL);
                INSERT INTO resident VALUES ('%s', '李建国', 'MALE', DATE '1985-11-02', '汉族', '110105', 'b', 'ALIVE', NULL);
                """.formatted(ID, OTHER_ID));
        execute(hrss, """
                CREATE TABLE pension_account(id_number VARCHAR(18) PRIMARY KEY, status VARCHAR(16), retired BOOLEAN,
                  retirement_date DATE, monthly_amount DECIMAL(12,2), contribution_months INT, region_code VARCHAR(6));
                INSERT INTO pension_account VALUES ('%s', 'ACTIVE', TRUE, DATE '2017-03-15', 3250.00, 312, '441900');
                """.formatted(ID));
        Catalog catalog =
                new CatalogParser(Set.of("police", "hrss", "tax", "medical", "market")).parse(CatalogFile.demo());
        sources = SourceRegistry.open(
                List.of(settings("police", police), settings("hrss", hrss)), (name, dataSource) -> dataSource);
        plans = new PlanCache(
                catalog,
                sources.schemas(Map.of(
                        "police", catalog.tablesBySource().get("police"),
                        "hrss", catalog.tablesBySource().get("hrss"))),
                100);
        executor = new SourceQueryExecutor(sources, SourceQueryListener.NONE);
    }

    @AfterEach
    void close() {
        sources.close();
    }

    @Test
    void keyLookupSelectsOnlyRequestedColumnsWithAParameterisedKey() {
        CompiledQuery query = plans.plan(KeyLookupShape.byKey("Resident", List.of("idNumber"))
                .reading(List.of("name", "birthDate"), List.of(), List.of()));

        assertThat(query.sql())
                .isEqualTo("SELECT \"birth_date\", \"name\"\nFROM \"public\".\"resident\"\nWHERE \"id_number\" = ?");
        List<Object[]> rows = executor.execute(query, new Object[] {ID});
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)[query.fieldPosition("name")]).isEqualTo("张秀英");
        assertThat(rows.get(0)[query.fieldPosition("birthDate")]).isEqualTo(LocalDate.of(1962, 3, 15));
    }

    @Test
    void equalShapesShareOnePlanWhateverTheFieldOrder() {
        CompiledQuery first = plans.plan(KeyLookupShape.byKey("Resident", List.of("idNumber"))
                .reading(List.of("name", "birthDate"), List.of(), List.of()));
        CompiledQuery second = plans.plan(KeyLookupShape.byKey("Resident", List.of("idNumber"))
                .reading(List.of("birthDate", "name", "name"), List.of(), List.of()));

        assertThat(second).isSameAs(first);
        assertThat(plans.stats().hitCount()).isEqualTo(1);
    }

    @Test
    void batchLookupBindsEveryKeyAsAParameter() {
        CompiledQuery query = plans.plan(KeyLookupShape.byKey("PensionAccount", List.of("idNumber"))
                .reading(List.of("status", "idNumber"), List.of(), List.of())
                .batchOf(4));

        assertThat(query.placeholderCount()).isEqualTo(4);
        assertThat(query.sql()).doesNotContain(ID);
        List<Object[]> rows = executor.execute(query, new Object[] {ID, OTHER_ID, OTHER_ID, OTHER_ID});
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)[query.fieldPosition("status")]).isEqualTo("ACTIVE");
    }

    @Test
    void relationColumnsAreReturnedOnceEvenWhenAlsoAField() {
        CompiledQuery query = plans.plan(KeyLookupShape.byKey("Resident", List.of("idNumber"))
                .reading(List.of("idNumber"), List.of("pension", "incomes"), List.of()));

        assertThat(query.sql()).startsWith("SELECT \"id_number\"\nFROM");
        assertThat(query.relationPositions("pension")).containsExactly(query.fieldPosition("idNumber"));
    }

    @Test
    void pageOrdersByKeyWithCursorAndLimitAsParameters() {
        CompiledQuery query = plans.plan(KeyPageShape.inKeyOrder("Resident", "idNumber", List.of("regionCode"))
                .reading(List.of("name"), List.of(), List.of())
                .afterCursor(true));

        assertThat(query.sql().replace('\n', ' '))
                .contains("WHERE \"region_code\" = ? AND \"id_number\" > ?")
                .contains("ORDER BY \"id_number\"")
                .containsPattern("FETCH NEXT \\? ROWS ONLY|LIMIT \\?");
        List<Object[]> rows = executor.execute(query, slots(query, "441900", "0", 10));
        assertThat(rows).hasSize(1);
    }

    @Test
    void compilesOnThreadsOtherThanTheOneThatSetUpPlanning() throws Exception {
        plans.plan(
                KeyLookupShape.byKey("Resident", List.of("idNumber")).reading(List.of("name"), List.of(), List.of()));
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            CompiledQuery query = other.submit(
                            () -> plans.plan(KeyPageShape.inKeyOrder("Resident", "idNumber", List.of("regionCode"))
                                    .reading(List.of("name"), List.of(), List.of())))
                    .get();

            assertThat(query.sql()).contains("ORDER BY");
        } finally {
            other.shutdown();
        }
    }

    @Test
    void rowConditionsBecomeParameterisedPredicates() {
        CompiledQuery query = plans.plan(KeyLookupShape.byKey("Resident", List.of("idNumber"))
                .reading(List.of("name"), List.of(), List.of())
                .where(List.of(new RowCondition("regionCode", RowCondition.Operator.STARTS_WITH))));

        assertThat(query.sql()).contains("\"region_code\" LIKE ?").doesNotContain("4419");
        assertThat(executor.execute(query, new Object[] {ID, RowCondition.startsWithPattern("4419")}))
                .hasSize(1);
        assertThat(executor.execute(query, new Object[] {OTHER_ID, RowCondition.startsWithPattern("4419")}))
                .isEmpty();
        assertThatThrownBy(() -> RowCondition.startsWithPattern("44%")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void masksAtTheSourceAndKeepsTheRawKeyOnlyForThePageCursor() {
        ColumnMask idMask = new ColumnMask("idNumber", 6, 8, 4);
        CompiledQuery lookup = plans.plan(KeyLookupShape.byKey("Resident", List.of("idNumber"))
                .reading(List.of("idNumber"), List.of(), List.of(idMask)));
        CompiledQuery page = plans.plan(KeyPageShape.inKeyOrder("Resident", "idNumber", List.of("regionCode"))
                .reading(List.of("idNumber"), List.of(), List.of(idMask)));

        assertThat(lookup.sql()).contains("CONCAT(SUBSTRING(").doesNotStartWith("SELECT \"id_number\"");
        assertThat(executor.execute(lookup, new Object[] {ID}).get(0)[lookup.fieldPosition("idNumber")])
                .isEqualTo("441900********048X");
        Object[] row = executor.execute(page, new Object[] {"441900", 10}).get(0);
        assertThat(row[page.fieldPosition("idNumber")]).isEqualTo("441900********048X");
        assertThat(row[page.rawFieldPosition("idNumber")]).isEqualTo(ID);
    }

    @Test
    void aMaskThatKeepsOnlyTheHeadSendsNoTail() {
        CompiledQuery lookup = plans.plan(KeyLookupShape.byKey("Resident", List.of("idNumber"))
                .reading(List.of("idNumber", "name"), List.of(), List.of(new ColumnMask("idNumber", 6, 12, 0))));

        Object[] row = executor.execute(lookup, new Object[] {ID}).get(0);

        assertThat(row).hasSize(2).doesNotContain(ID).contains("441900************");
        assertThat(lookup.sql()).containsOnlyOnce("SUBSTRING(");
    }

    @Test
    void aBatchKeepsTheRawMatchFieldWhenTheCallerSeesItMasked() {
        CompiledQuery batch = plans.plan(KeyLookupShape.byKey("Resident", List.of("idNumber"))
                .reading(List.of("idNumber", "name"), List.of(), List.of(new ColumnMask("idNumber", 6, 8, 4)))
                .batchOf(2));

        Object[] row = executor.execute(batch, new Object[] {ID, ID}).get(0);

        assertThat(row[batch.fieldPosition("idNumber")]).isEqualTo("441900********048X");
        assertThat(row[batch.rawFieldPosition("idNumber")]).isEqualTo(ID);
    }

    @Test
    void aLookupOfOneKeyReadsAMaskedMatchFieldMaskedOnly() {
        CompiledQuery single = plans.plan(KeyLookupShape.byKey("Resident", List.of("idNumber"))
                .reading(List.of("idNumber", "name"), List.of(), List.of(new ColumnMask("idNumber", 6, 8, 4))));

        Object[] row = executor.execute(single, new Object[] {ID}).get(0);

        assertThat(row).hasSize(2).doesNotContain(ID).contains("441900********048X");
    }

    @Test
    void valuesThatLookLikeSqlStayValues() {
        CompiledQuery query = plans.plan(
                KeyLookupShape.byKey("Resident", List.of("idNumber")).reading(List.of("name"), List.of(), List.of()));

        List<Object[]> rows = executor.execute(query, new Object[] {"x' OR '1'='1"});

        assertThat(rows).isEmpty();
    }

    @Test
    void aFailingSourceIsReportedAsUnavailable() {
        sources.close();
        // Plans still compile from the metadata read at start; only running them needs the source.
        CompiledQuery query = plans.plan(
                KeyLookupShape.byKey("Resident", List.of("idNumber")).reading(List.of("name"), List.of(), List.of()));

        assertThatThrownBy(() -> executor.execute(query, new Object[] {ID}))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("source police unavailable: query failed");
    }

    @Test
    void claimCheckReturnsOnlyOneBitPerClaimComputedAtTheSource() {
        CompiledQuery query = plans.plan(ClaimCheckShape.of(
                "Resident",
                List.of("idNumber"),
                List.of(
                        new ClaimTest("name", Comparison.EQUALS),
                        new ClaimTest("birthDate", Comparison.AT_LEAST),
                        new ClaimTest("birthDate", Comparison.AT_MOST))));

        String sql = query.sql().replace('\n', ' ');
        assertThat(sql)
                .startsWith("SELECT CASE WHEN TRIM(BOTH ' ' FROM \"name\") = ? THEN 1 ELSE 0 END")
                .contains("CASE WHEN \"birth_date\" >= ? THEN 1 ELSE 0 END")
                .contains("CASE WHEN \"birth_date\" <= ? THEN 1 ELSE 0 END")
                .contains("WHERE \"id_number\" = ?")
                .doesNotContain("张秀英");
        Object[] match = executor.execute(
                        query, new Object[] {ID, "张秀英", LocalDate.of(1962, 1, 1), LocalDate.of(1962, 12, 31)})
                .get(0);
        Object[] mismatch = executor.execute(
                        query, new Object[] {ID, "张秀", LocalDate.of(1963, 1, 1), LocalDate.of(1962, 3, 15)})
                .get(0);
        assertThat(match).containsExactly(1, 1, 1);
        assertThat(mismatch).containsExactly(0, 0, 1);
        assertThat(executor.execute(query, new Object[] {"110101197001010016", "x", LocalDate.MIN, LocalDate.MAX}))
                .isEmpty();
    }

    @Test
    void claimCheckWithoutClaimsTellsOnlyWhetherTheRecordIsThere() {
        CompiledQuery query = plans.plan(ClaimCheckShape.of("Resident", List.of("idNumber"), List.of())
                .where(List.of(new RowCondition("regionCode", RowCondition.Operator.STARTS_WITH))));

        assertThat(query.sql()).startsWith("SELECT 1").contains("LIKE ?");
        assertThat(executor.execute(query, new Object[] {ID, RowCondition.startsWithPattern("4419")}))
                .hasSize(1);
        assertThat(executor.execute(query, new Object[] {OTHER_ID, RowCondition.startsWithPattern("4419")}))
                .isEmpty();
    }

    @Test
    void claimAboutAnAbsentValueIsAMismatch() {
        execute(
                "jdbc:h2:mem:hrss-" + run,
                "INSERT INTO pension_account VALUES ('%s', 'ACTIVE', FALSE, NULL, NULL, 150, '110105')"
                        .formatted(OTHER_ID));
        CompiledQuery query = plans.plan(ClaimCheckShape.of(
                "PensionAccount",
                List.of("idNumber"),
                List.of(
                        new ClaimTest("retirementDate", Comparison.AT_MOST),
                        new ClaimTest("retired", Comparison.EQUALS))));

        Object[] row = executor.execute(query, new Object[] {OTHER_ID, LocalDate.MAX, false})
                .get(0);

        assertThat(row).containsExactly(0, 1);
    }

    /** Slots in the order the shape defines them: filters, then the cursor, then the limit. */
    private static Object[] slots(CompiledQuery query, Object... values) {
        assertThat(query.placeholderCount()).isEqualTo(values.length);
        return values;
    }

    private static SourceSettings settings(String name, String url) {
        return new SourceSettings(name, url, "sa", "", 2, Duration.ofSeconds(2), Optional.empty());
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
