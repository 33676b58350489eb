package org.govshare.policy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.GrantStatus;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.policy.model.Quotas;
import org.govshare.policy.model.RowFilter;
import org.junit.jupiter.api.Test;

class PolicyDeciderTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final FieldCoordinate NAME = FieldCoordinate.parse("Resident.name");
    private static final FieldCoordinate ADDRESS = FieldCoordinate.parse("Resident.address");
    private static final FieldCoordinate INCOME = FieldCoordinate.parse("IncomeRecord.annualIncome");
    private static final RowFilter REGION =
            new RowFilter(FieldCoordinate.parse("Resident.regionCode"), RowFilter.Operator.STARTS_WITH, "4419");

    private static Grant grant(String id, GrantStatus status, Instant until, Map<FieldCoordinate, Access> fields) {
        Map<FieldCoordinate, MaskKind> masks = fields.containsKey(NAME) ? Map.of(NAME, MaskKind.ID_NUMBER) : Map.of();
        return new Grant(
                id,
                "window",
                "PENSION",
                fields,
                List.of(REGION),
                masks,
                Quotas.NONE,
                Instant.parse("2025-01-01T00:00:00Z"),
                until,
                status);
    }

    private static FieldUse read(FieldCoordinate field) {
        return new FieldUse(field, Access.READ, List.of("resident", field.field()));
    }

    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void allowsGrantedFieldsWithRowFiltersMasksAndGrantIds() {
        PolicySnapshot policy = new PolicySnapshot(
                7, List.of(grant("G1", GrantStatus.ACTIVE, LATER, Map.of(NAME, Access.READ, INCOME, Access.VERIFY))));

        Decision decision = PolicyDecider.decide(policy, "window", "PENSION", List.of(read(NAME)), NOW);

        assertThat(decision).isInstanceOf(Allowed.class);
        Allowed allowed = (Allowed) decision;
        assertThat(allowed.grantOfField()).containsEntry(NAME, "G1");
        assertThat(allowed.rowFilters("Resident")).containsExactly(REGION);
        assertThat(allowed.masks()).containsEntry(NAME, MaskKind.ID_NUMBER);
        assertThat(allowed.policyVersion()).isEqualTo(7);
    }

    @Test
    void refusesEachUngrantedFieldAndNeverTurnsVerifyIntoRead() {
        PolicySnapshot policy = new PolicySnapshot(
                1, List.of(grant("G1", GrantStatus.ACTIVE, LATER, Map.of(NAME, Access.READ, INCOME, Access.VERIFY))));

        Decision decision = PolicyDecider.decide(
                policy, "window", "PENSION", List.of(read(NAME), read(ADDRESS), read(INCOME)), NOW);

        assertThat(decision).isInstanceOf(Refused.class);
        assertThat(((Refused) decision).denied()).extracting(DeniedField::field).containsExactly(ADDRESS, INCOME);
        assertThat(PolicyDecider.decide(
                        policy,
                        "window",
                        "PENSION",
                        List.of(new FieldUse(INCOME, Access.VERIFY, List.of("verify"))),
                        NOW))
                .isInstanceOf(Allowed.class);
    }

    @Test
    void expiredRevokedOrOtherPurposeGrantsAllowNothing() {
        PolicySnapshot expired = new PolicySnapshot(
                1,
                List.of(grant(
                        "G1", GrantStatus.ACTIVE, Instant.parse("2026-01-01T00:00:00Z"), Map.of(NAME, Access.READ))));
        PolicySnapshot revoked =
                new PolicySnapshot(1, List.of(grant("G1", GrantStatus.REVOKED, LATER, Map.of(NAME, Access.READ))));

        for (PolicySnapshot policy : List.of(expired, revoked)) {
            Decision decision = PolicyDecider.decide(policy, "window", "PENSION", List.of(read(NAME)), NOW);
            assertThat(((Refused) decision).reason()).isEqualTo(Refused.Reason.PURPOSE_NOT_GRANTED);
        }
        PolicySnapshot active =
                new PolicySnapshot(1, List.of(grant("G1", GrantStatus.ACTIVE, LATER, Map.of(NAME, Access.READ))));
        assertThat(((Refused) PolicyDecider.decide(active, "window", "OTHER", List.of(read(NAME)), NOW)).reason())
                .isEqualTo(Refused.Reason.PURPOSE_NOT_GRANTED);
        assertThat(((Refused) PolicyDecider.decide(active, "window", null, List.of(read(NAME)), NOW)).reason())
                .isEqualTo(Refused.Reason.PURPOSE_REQUIRED);
        assertThat(((Refused) PolicyDecider.decide(active, "stranger", "PENSION", List.of(read(NAME)), NOW)).reason())
                .isEqualTo(Refused.Reason.PURPOSE_NOT_GRANTED);
    }

    @Test
    void visibleFieldsAreTheUnionOfActiveGrantsWithTheStrongestAccess() {
        PolicySnapshot policy = new PolicySnapshot(
                1,
                List.of(
                        grant("G1", GrantStatus.ACTIVE, LATER, Map.of(NAME, Access.VERIFY)),
                        grant("G2", GrantStatus.ACTIVE, LATER, Map.of(NAME, Access.READ, ADDRESS, Access.VERIFY)),
                        grant("G3", GrantStatus.REVOKED, LATER, Map.of(INCOME, Access.READ))));

        assertThat(PolicyDecider.visibleFields(policy, "window", null, NOW))
                .containsExactlyInAnyOrderEntriesOf(Map.of(NAME, Access.READ, ADDRESS, Access.VERIFY));
    }

    @Test
    void aDecisionHoldsOnlyUntilTheNextGrantStartOrEnd() {
        Instant ends = Instant.parse("2026-07-01T00:00:00Z");
        PolicySnapshot policy = new PolicySnapshot(
                1,
                List.of(
                        grant("G1", GrantStatus.ACTIVE, ends, Map.of(NAME, Access.READ)),
                        grant("G2", GrantStatus.ACTIVE, LATER, Map.of(ADDRESS, Access.READ))));

        assertThat(policy.nextChange("window", "PENSION", NOW)).isEqualTo(ends);
        assertThat(policy.nextChange("window", "PENSION", ends)).isEqualTo(LATER);
        assertThat(policy.nextChange("stranger", "PENSION", NOW)).isEqualTo(Instant.MAX);
    }
}
