package org.govshare.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.policy.store.GrantCatalogCheck;
import org.govshare.policy.store.JdbcPolicyStore;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The demo grants file is the demo's grants: the demo control plane's migrations seed exactly the grants it defines,
 * they fit the demo catalog, and they say what the contract's table of demo clients says.
 */
class DemoGrantsTest {
    private static PolicySnapshot seededByTheDemoMigrations() throws Exception {
        JdbcDataSource store = new JdbcDataSource();
        store.setURL("jdbc:h2:mem:demo-grants-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(store)
                .locations("classpath:db/migration/policy", "classpath:db/demo")
                .load()
                .migrate();
        return new JdbcPolicyStore(store).load();
    }

    @Test
    void theDemoControlPlaneIsSeededWithExactlyTheGrantsOfTheFile() throws Exception {
        PolicySnapshot seeded = seededByTheDemoMigrations();
        List<Grant> file = DemoGrants.all();

        assertThat(file).extracting(Grant::consumer).doesNotHaveDuplicates();
        for (Grant grant : file) {
            assertThat(seeded.grantsOf(grant.consumer())).containsExactly(grant);
        }
        assertThat(seeded.consumerCount()).isEqualTo(file.size());
    }

    @Test
    void theFileFitsTheDemoCatalog() {
        assertThat(GrantCatalogCheck.problems(
                        new CatalogParser(Set.of("police", "hrss", "tax", "medical", "market"))
                                .parse(CatalogFile.demo()),
                        DemoGrants.all()))
                .isEmpty();
    }

    @Test
    void theFileSaysWhatTheContractsDemoClientsMay() {
        Grant bank = DemoGrants.of("bank-kyc", "ACCOUNT_OPENING_KYC");
        assertThat(bank.fields()).doesNotContainValue(Access.READ);
        assertThat(bank.quotas().requestsPerSecond()).isEqualTo(100);
        assertThat(bank.quotas().mismatchesPerSubjectPerDay()).isEqualTo(5);

        Grant office = DemoGrants.of("street-office-441900", "GRASSROOTS_RETURN");
        assertThat(office.masks())
                .containsEntry(FieldCoordinate.parse("Resident.idNumber"), MaskKind.ID_NUMBER)
                .containsEntry(FieldCoordinate.parse("Resident.address"), MaskKind.ADDRESS_TO_DISTRICT);
        assertThat(office.rowFilters()).singleElement().hasToString("Resident.regionCode STARTS_WITH '4419'");
        assertThat(office.quotas().distinctSubjectsPerDay()).isEqualTo(2000);

        Grant window = DemoGrants.of("dongguan-window", "PENSION_EXTENSION");
        assertThat(window.fields())
                .containsEntry(FieldCoordinate.parse("IncomeRecord.annualIncome"), Access.VERIFY)
                .containsEntry(FieldCoordinate.parse("PensionAccount.retired"), Access.READ);
    }
}
