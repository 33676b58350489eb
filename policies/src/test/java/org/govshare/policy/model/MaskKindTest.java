package org.govshare.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskKindTest {
    private static final FieldCoordinate ID_NUMBER = FieldCoordinate.parse("Resident.idNumber");

    @Test
    void anIdNumberMaskLeavesEnoughCandidatesForAYearOfItsBudget() {
        // Birth year known: 365 days x 100 x 5 sequence numbers of the known gender; the check character follows.
        assertThat(MaskKind.ID_NUMBER.candidates()).isEqualTo(365L * 100 * 5);
        int perDay = MaskKind.ID_NUMBER.maximumLookupMissesPerDay();
        assertThat(perDay).isEqualTo(25);
        assertThat((long) perDay * 365 * MaskKind.CANDIDATES_PER_YEARLY_GUESS)
                .isLessThanOrEqualTo(MaskKind.ID_NUMBER.candidates());
        assertThat(MaskKind.ADDRESS_TO_DISTRICT.maximumLookupMissesPerDay()).isZero();
    }

    @Test
    void aGrantThatMasksAnIdNumberMayNotAllowMoreMissesThanTheBound() {
        assertThatThrownBy(() -> grant(26))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 25");
        assertThat(grant(25).quotas().lookupMissesPerDay()).isEqualTo(25);
        assertThat(grant(0).quotas().lookupMissesPerDay()).isZero();
    }

    private static Grant grant(int lookupMisses) {
        return new Grant(
                "G1",
                "office",
                "RETURN",
                Map.of(ID_NUMBER, Access.READ),
                List.of(),
                Map.of(ID_NUMBER, MaskKind.ID_NUMBER),
                new Quotas(0, 0, 0, 100, lookupMisses),
                Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:00:00Z"),
                GrantStatus.ACTIVE);
    }
}
