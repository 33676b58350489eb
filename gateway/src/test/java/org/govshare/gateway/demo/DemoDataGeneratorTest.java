package org.govshare.gateway.demo;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.govshare.schema.identifier.ResidentIdNumbers;
import org.govshare.schema.identifier.UnifiedSocialCreditCodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoDataGeneratorTest {
    private static final long SEED = 20250601L;
    private static final int RESIDENTS = 5_000;

    private static final Map<String, String> ORDERED_TABLES = Map.of(
            "police", "SELECT * FROM resident ORDER BY id_number",
            "hrss", "SELECT * FROM pension_account ORDER BY id_number",
            "tax", "SELECT * FROM income_record ORDER BY id_number, tax_year",
            "medical", "SELECT * FROM medical_insurance ORDER BY id_number",
            "market", "SELECT * FROM enterprise ORDER BY credit_code");

    private static Map<String, DataSource> sources;
    private static GenerationReport report;
    private static final Map<String, Long> lastProgress = new ConcurrentHashMap<>();

    @BeforeAll
    static void generate() throws SQLException {
        sources = TestingDemoSources.create();
        report = new DemoDataGenerator(SEED)
                .generate(sources, RESIDENTS, (table, done, total) -> lastProgress.merge(table, done, Math::max));
    }

    @AfterAll
    static void close() throws SQLException {
        TestingDemoSources.close(sources);
    }

    @Test
    void sameSeedAndSizeWriteIdenticalRows() throws SQLException {
        Map<String, DataSource> again = TestingDemoSources.create();
        try {
            new DemoDataGenerator(SEED).generate(again, RESIDENTS);
            for (String source : DemoDataGenerator.SOURCE_NAMES) {
                assertThat(checksum(again.get(source), ORDERED_TABLES.get(source)))
                        .as(source)
                        .isEqualTo(checksum(sources.get(source), ORDERED_TABLES.get(source)));
            }
        } finally {
            TestingDemoSources.close(again);
        }
    }

    @Test
    void anotherSeedWritesOtherRows() throws SQLException {
        Map<String, DataSource> other = TestingDemoSources.create();
        try {
            new DemoDataGenerator(SEED + 1).generate(Map.of("police", other.get("police")), RESIDENTS);
            assertThat(checksum(other.get("police"), ORDERED_TABLES.get("police")))
                    .isNotEqualTo(checksum(sources.get("police"), ORDERED_TABLES.get("police")));
        } finally {
            TestingDemoSources.close(other);
        }
    }

    @Test
    void regeneratingReplacesTheTables() throws SQLException {
        Map<String, DataSource> twice = TestingDemoSources.create();
        try {
            DemoDataGenerator generator = new DemoDataGenerator(SEED);
            generator.generate(Map.of("market", twice.get("market")), 2_000);
            generator.generate(Map.of("market", twice.get("market")), 1_000);
            assertThat(TestingDemoSources.count(twice.get("market"), "SELECT COUNT(*) FROM enterprise"))
                    .isEqualTo(100 + 1);
        } finally {
            TestingDemoSources.close(twice);
        }
    }

    @Test
    void reportsRowsPerTableAndFinalProgress() throws SQLException {
        assertThat(report.rowsByTable())
                .containsOnlyKeys("resident", "pension_account", "income_record", "medical_insurance", "enterprise");
        assertThat(report.rows("resident")).isEqualTo(RESIDENTS + 3);
        assertThat(report.rows("enterprise")).isEqualTo(RESIDENTS / 10 + 1);
        assertThat(report.rows("income_record"))
                .isEqualTo(TestingDemoSources.count(sources.get("tax"), "SELECT COUNT(*) FROM income_record"));
        assertThat(lastProgress).containsEntry("resident", (long) RESIDENTS).containsEntry("enterprise", 500L);
    }

    @Test
    void registeredDeathsAreWrittenWithTheirDates() throws SQLException {
        DemoDataset dataset = new DemoDataGenerator(SEED).dataset(RESIDENTS);
        List<List<Object>> expected = new ArrayList<>();
        for (int index = 0; index < dataset.residentCount(); index++) {
            ResidentRow resident = dataset.residentRow(index);
            if (resident.registrationStatus().equals(ResidentRow.DECEASED)) {
                expected.add(List.of(resident.idNumber(), Date.valueOf(requireNonNull(resident.deathRegisteredOn()))));
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(TestingDemoSources.rows(
                        sources.get("police"),
                        "SELECT id_number, death_registered_on FROM resident WHERE registration_status = ?"
                                + " ORDER BY id_number",
                        ResidentRow.DECEASED))
                .containsExactlyElementsOf(expected);
        assertThat(TestingDemoSources.count(
                        sources.get("police"),
                        "SELECT COUNT(*) FROM resident WHERE (registration_status = 'DECEASED')"
                                + " <> (death_registered_on IS NOT NULL)"))
                .isZero();
    }

    @Test
    void fixedResidentsArePresentWithTheirExactValues() throws SQLException {
        for (ResidentRecords fixed : FixedRecords.RESIDENTS) {
            ResidentRow resident = fixed.resident();
            assertThat(TestingDemoSources.rows(
                            sources.get("police"),
                            "SELECT id_number, name, gender, birth_date, ethnicity, region_code, address,"
                                    + " registration_status, death_registered_on FROM resident WHERE id_number = ?",
                            resident.idNumber()))
                    .containsExactly(Arrays.asList(
                            resident.idNumber(),
                            resident.name(),
                            resident.gender(),
                            Date.valueOf(resident.birthDate()),
                            resident.ethnicity(),
                            resident.regionCode(),
                            resident.address(),
                            "ALIVE",
                            null));
        }
        assertThat(TestingDemoSources.rows(
                        sources.get("police"),
                        "SELECT name, gender, birth_date, region_code, address FROM resident WHERE id_number = ?",
                        FixedRecords.R1_ID))
                .containsExactly(List.of("张秀英", "FEMALE", Date.valueOf("1962-03-15"), "441900", "广东省东莞市南城街道鸿福路88号"));
    }

    @Test
    void fixedPensionIncomeAndMedicalRowsArePresent() throws SQLException {
        assertThat(TestingDemoSources.rows(
                        sources.get("hrss"),
                        "SELECT status, retired, retirement_date, monthly_amount, contribution_months, region_code"
                                + " FROM pension_account WHERE id_number IN (?, ?, ?) ORDER BY contribution_months",
                        FixedRecords.R1_ID,
                        FixedRecords.R2_ID,
                        FixedRecords.R3_ID))
                .containsExactly(
                        Arrays.asList("ACTIVE", false, null, null, 150, "110105"),
                        List.of(
                                "SUSPENDED",
                                true,
                                Date.valueOf("2018-07-21"),
                                new BigDecimal("2150.00"),
                                180,
                                "441900"),
                        List.of("ACTIVE", true, Date.valueOf("2017-03-15"), new BigDecimal("3250.00"), 312, "441900"));
        assertThat(TestingDemoSources.rows(
                        sources.get("tax"),
                        "SELECT tax_year, annual_income, tax_paid FROM income_record WHERE id_number = ?",
                        FixedRecords.R2_ID))
                .containsExactly(List.of(2024, new BigDecimal("420000.00"), new BigDecimal("71080.00")));
        assertThat(TestingDemoSources.rows(
                        sources.get("tax"),
                        "SELECT tax_year, annual_income, tax_paid FROM income_record WHERE id_number = ?",
                        FixedRecords.R1_ID))
                .containsExactly(List.of(2024, new BigDecimal("39000.00"), new BigDecimal("0.00")));
        assertThat(TestingDemoSources.rows(
                        sources.get("medical"),
                        "SELECT plan, status FROM medical_insurance WHERE id_number = ?",
                        FixedRecords.R1_ID))
                .containsExactly(List.of("URBAN_EMPLOYEE", "ACTIVE"));
        assertThat(TestingDemoSources.rows(
                        sources.get("market"),
                        "SELECT name, status, registered_capital, legal_representative_id FROM enterprise"
                                + " WHERE credit_code = ?",
                        FixedRecords.E1_CREDIT_CODE))
                .containsExactly(List.of("东莞市示范科技有限公司", "ACTIVE", new BigDecimal("5000000.00"), FixedRecords.R2_ID));
    }

    @Test
    void r0IsNowhere() throws SQLException {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("police", "SELECT COUNT(*) FROM resident WHERE id_number = ?");
        queries.put("hrss", "SELECT COUNT(*) FROM pension_account WHERE id_number = ?");
        queries.put("tax", "SELECT COUNT(*) FROM income_record WHERE id_number = ?");
        queries.put("medical", "SELECT COUNT(*) FROM medical_insurance WHERE id_number = ?");
        queries.put("market", "SELECT COUNT(*) FROM enterprise WHERE legal_representative_id = ?");
        for (Map.Entry<String, String> query : queries.entrySet()) {
            assertThat(TestingDemoSources.count(sources.get(query.getKey()), query.getValue(), FixedRecords.R0_ID))
                    .as(query.getKey())
                    .isZero();
        }
    }

    @Test
    void everyIdNumberAndCreditCodeIsValidAndConsistent() throws SQLException {
        List<List<Object>> residents = TestingDemoSources.rows(
                sources.get("police"), "SELECT id_number, gender, birth_date, region_code FROM resident");
        assertThat(residents).hasSize(RESIDENTS + 3).allSatisfy(row -> {
            String idNumber = (String) row.get(0);
            assertThat(ResidentIdNumbers.isValid(idNumber)).as(idNumber).isTrue();
            assertThat(row.get(1)).isEqualTo(ResidentIdNumbers.isMale(idNumber) ? "MALE" : "FEMALE");
            assertThat(((Date) row.get(2)).toLocalDate()).isEqualTo(ResidentIdNumbers.birthDate(idNumber));
            assertThat(idNumber).startsWith((String) row.get(3));
        });
        assertThat(TestingDemoSources.rows(sources.get("market"), "SELECT credit_code FROM enterprise"))
                .allSatisfy(row -> {
                    String creditCode = (String) row.get(0);
                    assertThat(UnifiedSocialCreditCodes.isValid(creditCode))
                            .as(creditCode)
                            .isTrue();
                    // Generated codes are well formed throughout, embedded organisation code included.
                    assertThat(creditCode.charAt(16))
                            .isEqualTo(UnifiedSocialCreditCodes.organizationCodeCheckCharacter(
                                    creditCode.substring(8, 16)));
                });
    }

    @Test
    void everyRelatedRowBelongsToAResident() throws SQLException {
        Set<Object> residentIds = new HashSet<>();
        TestingDemoSources.rows(sources.get("police"), "SELECT id_number FROM resident")
                .forEach(row -> residentIds.add(row.get(0)));
        Map<String, String> related = new LinkedHashMap<>();
        related.put("hrss", "SELECT id_number FROM pension_account");
        related.put("tax", "SELECT id_number FROM income_record");
        related.put("medical", "SELECT id_number FROM medical_insurance");
        related.put("market", "SELECT legal_representative_id FROM enterprise");
        for (Map.Entry<String, String> query : related.entrySet()) {
            assertThat(TestingDemoSources.rows(sources.get(query.getKey()), query.getValue()))
                    .as(query.getKey())
                    .allSatisfy(row -> assertThat(residentIds).contains(row.get(0)));
        }
    }

    @Test
    void pensionRowsAreConsistentAndCoverMostResidents() throws SQLException {
        DataSource hrss = sources.get("hrss");
        long accounts = TestingDemoSources.count(hrss, "SELECT COUNT(*) FROM pension_account");
        assertThat((double) accounts / RESIDENTS).isBetween(0.80, 0.90);
        assertThat(TestingDemoSources.count(
                        hrss,
                        "SELECT COUNT(*) FROM pension_account WHERE retired <> (retirement_date IS NOT NULL)"
                                + " OR retired <> (monthly_amount IS NOT NULL)"))
                .isZero();
        assertThat(TestingDemoSources.count(
                        hrss,
                        "SELECT COUNT(*) FROM pension_account"
                                + " WHERE status NOT IN ('ACTIVE', 'SUSPENDED', 'TERMINATED')"))
                .isZero();
        long medical = TestingDemoSources.count(sources.get("medical"), "SELECT COUNT(*) FROM medical_insurance");
        assertThat((double) medical / RESIDENTS).isBetween(0.92, 0.98);
        assertThat(TestingDemoSources.count(
                        sources.get("tax"),
                        "SELECT COUNT(*) FROM income_record WHERE tax_year NOT BETWEEN 2022 AND 2024"))
                .isZero();
    }

    @Test
    void dongguanHoldsAboutATenthOfTheResidents() throws SQLException {
        long dongguan = TestingDemoSources.count(
                sources.get("police"), "SELECT COUNT(*) FROM resident WHERE region_code LIKE '4419%'");
        assertThat((double) dongguan / (RESIDENTS + 3)).isBetween(0.09, 0.11);
        assertThat(TestingDemoSources.count(sources.get("police"), "SELECT COUNT(DISTINCT region_code) FROM resident"))
                .isGreaterThanOrEqualTo(40);
    }

    @Test
    void skipsAbsentSources() throws SQLException {
        Map<String, DataSource> some = TestingDemoSources.create();
        try {
            GenerationReport partial = new DemoDataGenerator(SEED).generate(Map.of("tax", some.get("tax")), 1_000);
            assertThat(partial.rowsByTable()).containsOnlyKeys("income_record");
            assertThat(TestingDemoSources.count(
                            some.get("police"),
                            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'RESIDENT'"))
                    .isZero();
        } finally {
            TestingDemoSources.close(some);
        }
    }

    @Test
    void refusesSizesOutsideTheSupportedRange() {
        DemoDataGenerator generator = new DemoDataGenerator(SEED);
        assertThatThrownBy(() -> generator.generate(Map.of(), 999)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> generator.generate(Map.of(), 10_000_001)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String checksum(DataSource dataSource, String query) throws SQLException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (List<Object> row : TestingDemoSources.rows(dataSource, query)) {
                digest.update(row.toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
