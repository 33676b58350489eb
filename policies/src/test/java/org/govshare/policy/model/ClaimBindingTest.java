package org.govshare.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.govshare.schema.catalog.Comparison;
import org.junit.jupiter.api.Test;

class ClaimBindingTest {
    private static final FieldCoordinate INCOME = FieldCoordinate.parse("IncomeRecord.annualIncome");
    private static final FieldCoordinate BIRTH_DATE = FieldCoordinate.parse("Resident.birthDate");

    @Test
    void admitsOnlyTheBoundComparisonAndValueNumbersByValue() {
        ClaimBinding binding = new ClaimBinding(INCOME, Comparison.AT_MOST, "50000");

        assertThat(binding.admits(Comparison.AT_MOST, new BigDecimal("50000.00")))
                .isTrue();
        assertThat(binding.admits(Comparison.AT_MOST, 50000)).isTrue();
        assertThat(binding.admits(Comparison.AT_MOST, new BigDecimal("50000.01")))
                .isFalse();
        assertThat(binding.admits(Comparison.AT_LEAST, new BigDecimal("50000"))).isFalse();
        assertThat(binding.admits(Comparison.EQUALS, new BigDecimal("50000"))).isFalse();
    }

    @Test
    void admitsDatesAndTextByTheirText() {
        ClaimBinding binding = new ClaimBinding(BIRTH_DATE, Comparison.AT_MOST, "1966-01-01");

        assertThat(binding.admits(Comparison.AT_MOST, LocalDate.parse("1966-01-01")))
                .isTrue();
        assertThat(binding.admits(Comparison.AT_MOST, LocalDate.parse("1966-01-02")))
                .isFalse();
        assertThat(new ClaimBinding(INCOME, Comparison.AT_MOST, "many").admits(Comparison.AT_MOST, 5))
                .isFalse();
    }

    @Test
    void aBindingNeedsAValueAndAFieldGrantedVerifyOnly() {
        assertThatThrownBy(() -> new ClaimBinding(INCOME, Comparison.AT_MOST, " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> grant(Map.of(INCOME, Access.READ)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not grant VERIFY");
        assertThat(grant(Map.of(INCOME, Access.VERIFY)).bindingsOf(INCOME)).hasSize(1);
    }

    private static Grant grant(Map<FieldCoordinate, Access> fields) {
        return new Grant(
                "G1",
                "window",
                "PENSION",
                fields,
                List.of(),
                Map.of(),
                Quotas.NONE,
                Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:00:00Z"),
                GrantStatus.ACTIVE,
                List.of(new ClaimBinding(INCOME, Comparison.AT_MOST, "50000")));
    }
}
