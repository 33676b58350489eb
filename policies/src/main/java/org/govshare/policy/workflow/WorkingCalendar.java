package org.govshare.policy.workflow;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;

/**
 * Working days for statutory deadlines: Monday to Friday, except listed public holidays, plus listed weekend days that
 * are worked instead (调休).
 */
public final class WorkingCalendar {
    private final Set<LocalDate> holidays;
    private final Set<LocalDate> workedWeekendDays;

    public WorkingCalendar(Set<LocalDate> holidays, Set<LocalDate> workedWeekendDays) {
        this.holidays = Set.copyOf(holidays);
        this.workedWeekendDays = Set.copyOf(workedWeekendDays);
    }

    public boolean isWorkingDay(LocalDate day) {
        if (workedWeekendDays.contains(day)) {
            return true;
        }
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        return !weekend && !holidays.contains(day);
    }

    /**
     * The day by the end of which an answer is due when the time limit is {@code workingDays} working days from
     * {@code received}: the day of receipt does not count, the last day of the limit does.
     */
    public LocalDate due(LocalDate received, int workingDays) {
        if (workingDays < 1) {
            throw new IllegalArgumentException("workingDays must be at least 1");
        }
        LocalDate day = received;
        int counted = 0;
        while (counted < workingDays) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day;
    }
}
