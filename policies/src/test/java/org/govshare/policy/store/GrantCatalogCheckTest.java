package org.govshare.policy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.GrantStatus;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.Quotas;
import org.govshare.policy.model.RowFilter;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.junit.jupiter.api.Test;

class GrantCatalogCheckTest {
    private static final Catalog DEMO =
            new CatalogParser(Set.of("police", "hrss", "tax", "medical", "market")).parse(CatalogFile.demo());

    private static Grant grant(
            Map<FieldCoordinate, Access> fields, Map<FieldCoordinate, MaskKind> masks, List<RowFilter> filters) {
        return new Grant(
                "G-1",
                "window",
                "PURPOSE",
                fields,
                filters,
                masks,
                Quotas.NONE,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"),
                GrantStatus.ACTIVE);
    }

    @Test
    void aGrantOfCatalogFieldsHasNoProblem() {
        Grant grant = grant(
                Map.of(
                        FieldCoordinate.parse("Query.resident"), Access.READ,
                        FieldCoordinate.parse("Query.residents"), Access.READ,
                        FieldCoordinate.parse("Query.verifyResident"), Access.VERIFY,
                        FieldCoordinate.parse("Resident.idNumber"), Access.READ,
                        FieldCoordinate.parse("Resident.pension"), Access.VERIFY),
                Map.of(FieldCoordinate.parse("Resident.idNumber"), MaskKind.ID_NUMBER),
                List.of(new RowFilter(
                        FieldCoordinate.parse("Resident.regionCode"), RowFilter.Operator.STARTS_WITH, "4419")));

        assertThat(GrantCatalogCheck.problems(DEMO, grant)).isEmpty();
    }

    @Test
    void namesUnknownAndNotSharedFieldsAndMisplacedMasksAndFilters() {
        Grant grant = grant(
                Map.of(
                        FieldCoordinate.parse("Query.residentsBySalary"), Access.READ,
                        FieldCoordinate.parse("Resident.salary"), Access.READ,
                        FieldCoordinate.parse("MedicalInsurance.balance"), Access.VERIFY,
                        FieldCoordinate.parse("Resident.pension"), Access.READ),
                Map.of(FieldCoordinate.parse("Resident.pension"), MaskKind.ADDRESS_TO_DISTRICT),
                List.of(new RowFilter(FieldCoordinate.parse("Marriage.office"), RowFilter.Operator.EQUALS, "1")));

        assertThat(GrantCatalogCheck.problems(DEMO, grant))
                .extracting(GrantCatalogCheck.Problem::toString)
                .containsExactlyInAnyOrder(
                        "grant G-1: Query.residentsBySalary is not a lookup, listing or verification of the catalog",
                        "grant G-1: Resident.salary is not in the catalog",
                        "grant G-1: MedicalInsurance.balance is NOT_SHARED and cannot be granted"
                                + " (《医疗保障基金使用监督管理条例》: personal account balances are not shared)",
                        "grant G-1: Resident.pension is masked but is not a column field",
                        "grant G-1: Marriage.office filters rows but is not a column field of the catalog");
    }
}
