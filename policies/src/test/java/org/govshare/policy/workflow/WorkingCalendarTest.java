package org.govshare.policy.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkingCalendarTest {
    /** 国庆节 2026: 1–7 October off, Saturday 10 October worked instead. */
    private final WorkingCalendar calendar = new WorkingCalendar(
            Set.of(
                    LocalDate.of(2026, 10, 1),
                    LocalDate.of(2026, 10, 2),
                    LocalDate.of(2026, 10, 5),
                    LocalDate.of(2026, 10, 6),
                    LocalDate.of(2026, 10, 7)),
            Set.of(LocalDate.of(2026, 10, 10)));

    @Test
    void oneWorkingDayFromAFridayIsTheMonday() {
        assertThat(calendar.due(LocalDate.of(2026, 11, 20), 1)).isEqualTo(LocalDate.of(2026, 11, 23));
    }

    @Test
    void tenWorkingDaysSkipWeekendsAndHolidaysAndCountAWorkedSaturday() {
        // Received Wednesday 30 September: 1–7 October off, 8 Oct is day 1, 9 Oct day 2, Saturday 10 Oct day 3,
        // 12–16 Oct days 4–8, 19 Oct day 9, 20 Oct day 10.
        assertThat(calendar.due(LocalDate.of(2026, 9, 30), 10)).isEqualTo(LocalDate.of(2026, 10, 20));
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 10))).isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 6))).isFalse();
    }
}
