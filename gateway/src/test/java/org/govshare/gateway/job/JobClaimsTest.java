package org.govshare.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.verification.ClaimTree;
import org.govshare.policy.evaluation.FieldUse;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.junit.jupiter.api.Test;

/** Which claims a job may make, read against the demo catalog, and the field uses its decision covers. */
class JobClaimsTest {
    private static final Catalog CATALOG =
            new CatalogParser(Set.of("police", "hrss", "tax", "medical", "market")).parse(CatalogFile.demo());
    private static final String INCOME =
            "{\"name\": \"张秀英\", \"income\": {\"year\": 2024, \"annualIncomeAtMost\": 30000}}";

    @Test
    void acceptsSharedClaimsAboutTheIncomeTheSubjectsKeyReachesAfterItsOwnClaims() {
        JobClaims.Target target = JobClaims.target(CATALOG, "Resident");
        ClaimTree tree = JobClaims.parse(CATALOG, target.type(), INCOME);

        assertThat(JobClaims.claims(tree))
                .extracting(claim -> claim.type().name() + ":" + claim.checked().path())
                .containsExactly("Resident:name", "IncomeRecord:income.annualIncomeAtMost");
        assertThat(tree.related().get(0).selectorValues()).containsExactly(2024);
        assertThat(new BigDecimal(
                        JobClaims.claims(tree).get(1).checked().value().toString()))
                .isEqualByComparingTo("30000");
        assertThat(JobClaims.uses(target, tree))
                .extracting(use -> use.field() + ":" + use.claim().orElse("") + ":"
                        + use.comparison().map(Enum::name).orElse(""))
                .containsExactly(
                        "Query.verifyResident::",
                        "Resident.name:name:EQUALS",
                        "Resident.incomes:income:",
                        "IncomeRecord.annualIncome:income.annualIncomeAtMost:AT_MOST");
        assertThat(JobClaims.uses(target, tree)).extracting(FieldUse::access).allMatch(access -> access.name()
                .equals("VERIFY"));
    }

    @Test
    void refusesRelatedClaimsPerSubject() {
        JobClaims.Target target = JobClaims.target(CATALOG, "Resident");

        assertThatThrownBy(() -> JobClaims.parseEach(CATALOG, target.type(), INCOME))
                .isInstanceOfSatisfying(
                        GovshareException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("per-subject claims");
        assertThat(JobClaims.parseEach(CATALOG, target.type(), "{\"name\": \"张秀英\"}")
                        .claims())
                .hasSize(1);
    }

    @Test
    void refusesARelatedRecordTheSubjectsKeyDoesNotReach() {
        JobClaims.Target target = JobClaims.target(CATALOG, "Enterprise");

        assertThatThrownBy(
                        () -> JobClaims.parse(CATALOG, target.type(), "{\"legalRepresentative\": {\"name\": \"李建国\"}}"))
                .isInstanceOfSatisfying(
                        GovshareException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("the subject's own key")
                .hasMessageNotContaining("李建国");
    }

    @Test
    void aRelatedClaimWithoutItsYearIsABadArgument() {
        JobClaims.Target target = JobClaims.target(CATALOG, "Resident");

        assertThatThrownBy(
                        () -> JobClaims.parse(CATALOG, target.type(), "{\"income\": {\"annualIncomeAtMost\": 30000}}"))
                .isInstanceOfSatisfying(
                        GovshareException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("income.year");
        assertThat(List.of(JobClaims.parse(CATALOG, target.type(), INCOME).claimCount()))
                .containsExactly(2);
    }
}
