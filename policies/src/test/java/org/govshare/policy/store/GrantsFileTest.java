package org.govshare.policy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.BatchUse;
import org.govshare.policy.model.ClaimBinding;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.GrantStatus;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.Quotas;
import org.govshare.policy.model.RowFilter;
import org.govshare.schema.catalog.Comparison;
import org.junit.jupiter.api.Test;

class GrantsFileTest {
    private static final String FILE = """
            # the civil affairs window's baseline
            format: govshare-grants/1
            grants:
              - id: G-CIVIL-WINDOW
                consumer: civil-window
                purpose: MARRIAGE_CHECK
                validFrom: 2026-01-01T00:00:00Z
                validUntil: 2027-01-01T00:00:00Z
                fields:
                  Query.marriageRegistration: READ
                  MarriageRegistration.officeCode: READ
                  MarriageRegistration.spouseIdNumber: READ
                  MarriageRegistration.registeredOn: VERIFY
                masks:
                  MarriageRegistration.spouseIdNumber: ID_NUMBER
                rowFilters:
                  - field: MarriageRegistration.officeCode
                    operator: STARTS_WITH
                    value: "4419"
                quotas:
                  requestsPerSecond: 50
                  rowsPerPage: 20
                  lookupMissesPerDay: 10
                claimBindings:
                  - field: MarriageRegistration.registeredOn
                    comparison: AT_MOST
                    value: "2020-01-01"
            """;

    @Test
    void readsAGrantWithDefaultsForWhatItLeavesOut() {
        GrantsFile.Read read = GrantsFile.read(FILE);

        assertThat(read.problems()).isEmpty();
        Grant grant = read.grants().get(0);
        assertThat(grant.id()).isEqualTo("G-CIVIL-WINDOW");
        assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
        assertThat(grant.validFrom()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(grant.fields())
                .containsEntry(FieldCoordinate.parse("MarriageRegistration.registeredOn"), Access.VERIFY)
                .hasSize(4);
        assertThat(grant.masks())
                .containsExactly(
                        Map.entry(FieldCoordinate.parse("MarriageRegistration.spouseIdNumber"), MaskKind.ID_NUMBER));
        assertThat(grant.rowFilters())
                .containsExactly(new RowFilter(
                        FieldCoordinate.parse("MarriageRegistration.officeCode"),
                        RowFilter.Operator.STARTS_WITH,
                        "4419"));
        assertThat(grant.quotas()).isEqualTo(new Quotas(50, 0, 0, 20, 10));
        assertThat(grant.claimBindings())
                .containsExactly(new ClaimBinding(
                        FieldCoordinate.parse("MarriageRegistration.registeredOn"), Comparison.AT_MOST, "2020-01-01"));
    }

    @Test
    void whatItWritesItReadsBackAsTheSameGrants() {
        List<Grant> grants = GrantsFile.read(FILE).grants();

        String written = GrantsFile.write(grants, List.of("exported for a test"));
        GrantsFile.Read again = GrantsFile.read(written);

        assertThat(written).startsWith("# exported for a test\nformat: govshare-grants/1\n");
        assertThat(again.problems()).isEmpty();
        assertThat(again.grants()).isEqualTo(grants);
        assertThat(GrantsFile.write(again.grants(), List.of("exported for a test")))
                .isEqualTo(written);
    }

    @Test
    void readsAndWritesBatchUseAndRefusesABatchUseWithoutRetention() {
        String withBatchUse = FILE + """
                    batchUse:
                      maximumSubjectsPerJob: 1000
                      maximumSubjectsPerDay: 5000
                      resultRetention: P7D
                """;
        GrantsFile.Read read = GrantsFile.read(withBatchUse);

        assertThat(read.problems()).isEmpty();
        BatchUse batchUse = read.grants().get(0).batchUse();
        assertThat(batchUse).isEqualTo(new BatchUse(1000, 5000, Duration.ofDays(7)));
        assertThat(GrantsFile.read(GrantsFile.write(read.grants(), List.of())).grants())
                .isEqualTo(read.grants());
        assertThat(GrantJson.read(GrantJson.write(read.grants().get(0))))
                .isEqualTo(read.grants().get(0));
        assertThat(GrantsFile.read(FILE).grants().get(0).batchUse()).isEqualTo(BatchUse.NONE);

        GrantsFile.Read broken =
                GrantsFile.read(withBatchUse.replace("resultRetention: P7D", "resultRetention: a week"));
        assertThat(broken.grants()).isEmpty();
        assertThat(broken.problems())
                .containsExactly("grant 1 (G-CIVIL-WINDOW): batchUse.resultRetention must be an ISO-8601 duration such"
                        + " as P7D");
    }

    @Test
    void reportsEveryProblemAndGivesNoGrant() {
        String broken = """
                format: govshare-grants/2
                grants:
                  - id: G-1
                    consumer: a
                    purpose: P
                    validFrom: yesterday
                    validUntil: 2027-01-01T00:00:00Z
                    feilds: {}
                  - id: G-1
                    consumer: b
                    purpose: P
                    validFrom: 2026-01-01T00:00:00Z
                    validUntil: 2027-01-01T00:00:00Z
                    fields:
                      Resident: READ
                      Resident.name: WRITE
                    quotas: {rowsPerPage: 0}
                """;

        GrantsFile.Read read = GrantsFile.read(broken);

        assertThat(read.grants()).isEmpty();
        assertThat(read.problems())
                .containsExactlyInAnyOrder(
                        "format must be govshare-grants/1",
                        "grant 1 (G-1): unknown key feilds",
                        "grant 1 (G-1): validFrom must be an ISO-8601 instant (2026-01-01T00:00:00Z)",
                        "grant 1 (G-1): fields must map at least one field coordinate to READ or VERIFY",
                        "grant 2 (G-1): the id is given twice",
                        "grant 2 (G-1): Resident is not a field coordinate (Type.field)",
                        "grant 2 (G-1): Resident.name must be one of [VERIFY, READ]",
                        "grant 2 (G-1): quotas: quotas out of range");
    }

    @Test
    void aFileThatIsNotYamlNamesTheLine() {
        GrantsFile.Read read = GrantsFile.read("format: govshare-grants/1\ngrants:\n  - id: [unclosed\n");

        assertThat(read.problems())
                .singleElement()
                .asString()
                .startsWith("line ")
                .contains("not a YAML grants file");
    }
}
