package org.govshare.policy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.ClaimBinding;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.GrantStatus;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.policy.model.Quotas;
import org.govshare.schema.catalog.Comparison;
import org.junit.jupiter.api.Test;

/**
 * What a claim needs: its own root grant for the verification, a VERIFY grant (or an unmasked READ) of its field, and
 * under claim bindings the bound comparison; what the caller's schema then shows; and the lookup bound of masks.
 */
class PolicyDeciderClaimsTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final FieldCoordinate VERIFY_RESIDENT = FieldCoordinate.parse("Query.verifyResident");
    private static final FieldCoordinate NAME = FieldCoordinate.parse("Resident.name");
    private static final FieldCoordinate ADDRESS = FieldCoordinate.parse("Resident.address");
    private static final FieldCoordinate ID_NUMBER = FieldCoordinate.parse("Resident.idNumber");
    private static final FieldCoordinate INCOMES = FieldCoordinate.parse("Resident.incomes");
    private static final FieldCoordinate INCOME = FieldCoordinate.parse("IncomeRecord.annualIncome");
    private static final ClaimBinding AT_MOST_50000 = new ClaimBinding(INCOME, Comparison.AT_MOST, "50000");

    private static Grant grant(
            String id,
            Map<FieldCoordinate, Access> fields,
            Map<FieldCoordinate, MaskKind> masks,
            List<ClaimBinding> bindings) {
        return new Grant(
                id,
                "window",
                "PENSION",
                fields,
                List.of(),
                masks,
                Quotas.NONE,
                Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:00:00Z"),
                GrantStatus.ACTIVE,
                bindings);
    }

    private static Decision decide(List<Grant> grants, FieldUse... uses) {
        return PolicyDecider.decide(new PolicySnapshot(1, grants), "window", "PENSION", List.of(uses), NOW);
    }

    private static FieldUse root() {
        return new FieldUse(VERIFY_RESIDENT, Access.VERIFY, List.of("verifyResident"));
    }

    private static FieldUse claim(FieldCoordinate field, String claim, Comparison comparison) {
        return FieldUse.claim(field, List.of("verifyResident"), claim, comparison);
    }

    private static List<FieldCoordinate> denied(Decision decision) {
        assertThat(decision).isInstanceOf(Refused.class);
        return ((Refused) decision).denied().stream().map(DeniedField::field).toList();
    }

    @Test
    void aVerificationNeedsItsOwnRootGrantNotJustGrantsOfItsFields() {
        Grant readsNames = grant("G1", Map.of(NAME, Access.READ), Map.of(), List.of());
        Grant verifiesResidents =
                grant("G2", Map.of(NAME, Access.READ, VERIFY_RESIDENT, Access.VERIFY), Map.of(), List.of());

        assertThat(denied(decide(List.of(readsNames), root(), claim(NAME, "name", Comparison.EQUALS))))
                .containsExactly(VERIFY_RESIDENT);
        assertThat(decide(List.of(verifiesResidents), root(), claim(NAME, "name", Comparison.EQUALS)))
                .isInstanceOf(Allowed.class);
    }

    @Test
    void aMaskedReadOpensNoClaimAboutTheFullValue() {
        Grant masked = grant(
                "G1",
                Map.of(VERIFY_RESIDENT, Access.VERIFY, ADDRESS, Access.READ, NAME, Access.READ),
                Map.of(ADDRESS, MaskKind.ADDRESS_TO_DISTRICT),
                List.of());
        Grant explicitVerify =
                grant("G2", Map.of(VERIFY_RESIDENT, Access.VERIFY, ADDRESS, Access.VERIFY), Map.of(), List.of());

        assertThat(denied(decide(List.of(masked), root(), claim(ADDRESS, "address", Comparison.EQUALS))))
                .containsExactly(ADDRESS);
        assertThat(decide(List.of(masked), root(), claim(NAME, "name", Comparison.EQUALS)))
                .isInstanceOf(Allowed.class);
        // Reading it masked is still allowed, and stays masked.
        Allowed read = (Allowed) decide(List.of(masked), new FieldUse(ADDRESS, Access.READ, List.of("address")));
        assertThat(read.masks()).containsEntry(ADDRESS, MaskKind.ADDRESS_TO_DISTRICT);
        // A grant that gives VERIFY on the field itself opens the claim, as the provider decided.
        assertThat(decide(List.of(masked, explicitVerify), root(), claim(ADDRESS, "address", Comparison.EQUALS)))
                .isInstanceOf(Allowed.class);
    }

    @Test
    void aBoundFieldTakesOnlyItsBoundComparisonAndTheDecisionCarriesTheBinding() {
        Grant bound = grant(
                "G1",
                Map.of(VERIFY_RESIDENT, Access.VERIFY, INCOMES, Access.VERIFY, INCOME, Access.VERIFY),
                Map.of(),
                List.of(AT_MOST_50000));

        Decision atMost =
                decide(List.of(bound), root(), claim(INCOME, "income.annualIncomeAtMost", Comparison.AT_MOST));

        assertThat(atMost).isInstanceOf(Allowed.class);
        assertThat(((Allowed) atMost).bindingsOf(INCOME)).containsExactly(AT_MOST_50000);
        assertThat(denied(decide(
                        List.of(bound), root(), claim(INCOME, "income.annualIncomeAtLeast", Comparison.AT_LEAST))))
                .containsExactly(INCOME);
        assertThat(denied(decide(List.of(bound), root(), claim(INCOME, "income.annualIncome", Comparison.EQUALS))))
                .containsExactly(INCOME);
    }

    @Test
    void aFreeGrantOfTheSameFieldLeavesItUnbound() {
        Grant bound = grant("G1", Map.of(INCOME, Access.VERIFY), Map.of(), List.of(AT_MOST_50000));
        Grant free = grant("G2", Map.of(INCOME, Access.VERIFY), Map.of(), List.of());

        Decision decision = decide(List.of(bound, free), claim(INCOME, "annualIncomeAtMost", Comparison.AT_MOST));

        assertThat(((Allowed) decision).bindingsOf(INCOME)).isEmpty();
    }

    @Test
    void theSchemaShowsBoundComparisonsOnlyAndNoClaimAboutAMaskedField() {
        Grant grant = grant(
                "G1",
                Map.of(VERIFY_RESIDENT, Access.VERIFY, INCOME, Access.VERIFY, ADDRESS, Access.READ, NAME, Access.READ),
                Map.of(ADDRESS, MaskKind.ADDRESS_TO_DISTRICT),
                List.of(AT_MOST_50000));

        Visibility visibility = PolicyDecider.visibility(new PolicySnapshot(1, List.of(grant)), "window", null, NOW);

        assertThat(visibility.fields()).containsEntry(ADDRESS, Access.READ).containsEntry(INCOME, Access.VERIFY);
        assertThat(visibility.mayClaim(INCOME, Comparison.AT_MOST)).isTrue();
        assertThat(visibility.mayClaim(INCOME, Comparison.AT_LEAST)).isFalse();
        assertThat(visibility.mayClaim(INCOME, Comparison.EQUALS)).isFalse();
        assertThat(visibility.mayClaim(ADDRESS)).isFalse();
        assertThat(visibility.mayClaim(NAME, Comparison.EQUALS)).isTrue();
    }

    @Test
    void aMaskedKeyCapsTheLookupMissesOfThePurpose() {
        Grant masked = grant("G1", Map.of(ID_NUMBER, Access.READ), Map.of(ID_NUMBER, MaskKind.ID_NUMBER), List.of());
        Grant plain = grant("G2", Map.of(NAME, Access.READ), Map.of(), List.of());

        Allowed withMask = (Allowed) decide(List.of(masked, plain), new FieldUse(NAME, Access.READ, List.of("name")));
        Allowed withoutMask = (Allowed) decide(List.of(plain), new FieldUse(NAME, Access.READ, List.of("name")));

        // Even when the operation does not select the masked field: a hit by key confirms the key all the same.
        assertThat(withMask.lookupMissesCap()).isEqualTo(25);
        assertThat(withoutMask.lookupMissesCap()).isZero();
    }
}
