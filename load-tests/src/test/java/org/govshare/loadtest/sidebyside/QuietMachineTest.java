package org.govshare.loadtest.sidebyside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QuietMachineTest {
    private static final QuietMachine QUIET = new QuietMachine(QuietMachine.Limits.DEFAULT);

    /** A /proc/stat of two cores: user nice system idle iowait irq softirq steal guest guest_nice. */
    private static QuietMachine.MachineTicks machine(long user, long system, long idle, long steal) {
        return QuietMachine.MachineTicks.parse("cpu  " + user + " 0 " + system + " " + idle + " 0 0 0 " + steal
                + " 0 0\ncpu0 1 0 1 1 0 0 0 0 0 0\ncpu1 1 0 1 1 0 0 0 0 0 0\nintr 12345\nctxt 999\n");
    }

    @Test
    void readsTheMachinesTicksFromProcStat() {
        QuietMachine.MachineTicks ticks = QuietMachine.MachineTicks.parse(
                "cpu  100 5 50 1000 20 3 2 7 0 0\ncpu0 50 2 25 500 10 1 1 3 0 0\ncpu1 50 3 25 500 10 2 1 4 0 0\n");
        assertThat(ticks.busy()).isEqualTo(100 + 5 + 50);
        assertThat(ticks.interrupts()).isEqualTo(3 + 2);
        assertThat(ticks.idle()).isEqualTo(1020);
        assertThat(ticks.steal()).isEqualTo(7);
        assertThat(ticks.cores()).isEqualTo(2);
    }

    @Test
    void readsAProcessesCommandAndTicksEvenWithSpacesInItsName() {
        String stat = "4242 (java main) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 40 0 99 0 0";
        assertThat(QuietMachine.command(stat)).isEqualTo("java main");
        assertThat(QuietMachine.processTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void aMachineBusyOnlyWithTheRunIsQuiet() {
        // 10 s on two cores: 2,000 ticks, 1,500 of them busy, all of it the run's processes.
        var before = new QuietMachine.Reading(machine(0, 0, 0, 0), Map.of(1L, 100L, 2L, 50L));
        var after = new QuietMachine.Reading(machine(1_200, 300, 500, 0), Map.of(1L, 1_100L, 2L, 550L));

        QuietMachine.Verdict verdict = QUIET.judge(before, after);

        assertThat(verdict.quiet()).isTrue();
        assertThat(verdict.otherCores()).isCloseTo(0.0, within(1e-9));
        assertThat(verdict.seconds()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void anotherProcessUsingHalfACoreMakesTheRunBusy() {
        // Of 1,500 busy ticks, the run's processes used 1,000: 500 ticks over 10 s is half a core.
        var before = new QuietMachine.Reading(machine(0, 0, 0, 0), Map.of(1L, 0L));
        var after = new QuietMachine.Reading(machine(1_200, 300, 500, 0), Map.of(1L, 1_000L));

        QuietMachine.Verdict verdict = QUIET.judge(before, after);

        assertThat(verdict.quiet()).isFalse();
        assertThat(verdict.otherCores()).isCloseTo(0.5, within(1e-9));
        assertThat(verdict.describe()).startsWith("busy: other processes 0.50 cores");
    }

    @Test
    void stolenTimeMakesTheRunBusyEvenWhenNothingElseRuns() {
        var before = new QuietMachine.Reading(machine(0, 0, 0, 0), Map.of(1L, 0L));
        var after = new QuietMachine.Reading(machine(1_000, 0, 900, 100), Map.of(1L, 1_000L));

        QuietMachine.Verdict verdict = QUIET.judge(before, after);

        assertThat(verdict.otherCores()).isCloseTo(0.0, within(1e-9));
        assertThat(verdict.stealShare()).isCloseTo(0.05, within(1e-9));
        assertThat(verdict.quiet()).isFalse();
    }

    @Test
    void aProcessOfTheRunStartedWithinTheIntervalCountsFromZero() {
        var before = new QuietMachine.Reading(machine(0, 0, 0, 0), Map.of(1L, 0L));
        var after = new QuietMachine.Reading(machine(1_000, 0, 1_000, 0), Map.of(1L, 600L, 7L, 400L));

        assertThat(QUIET.judge(before, after).quiet()).isTrue();
    }

    @Test
    void aLittleBackgroundWorkIsAllowed() {
        // 150 ticks of others over 2,000 ticks of two cores: 0.15 cores, beyond the default tenth; 0.05 passes.
        var before = new QuietMachine.Reading(machine(0, 0, 0, 0), Map.of(1L, 0L));
        var busier = new QuietMachine.Reading(machine(1_150, 0, 850, 0), Map.of(1L, 1_000L));
        var calm = new QuietMachine.Reading(machine(1_050, 0, 950, 0), Map.of(1L, 1_000L));

        assertThat(QUIET.judge(before, busier).quiet()).isFalse();
        assertThat(QUIET.judge(before, calm).quiet()).isTrue();
    }

    @Test
    void theRunsNetworkInterruptsAreReportedButNotCountedAsOtherProcesses() {
        // 10 s on two cores: the run's processes used 1,000 ticks, the kernel's softirq 300 (0.3 cores), nothing else.
        var before = new QuietMachine.Reading(
                QuietMachine.MachineTicks.parse("cpu  0 0 0 0 0 0 0 0 0 0\ncpu0\ncpu1\n"), Map.of(1L, 0L));
        var after = new QuietMachine.Reading(
                QuietMachine.MachineTicks.parse("cpu  800 0 200 700 0 0 300 0 0 0\ncpu0\ncpu1\n"), Map.of(1L, 1_000L));

        QuietMachine.Verdict verdict = QUIET.judge(before, after);

        assertThat(verdict.quiet()).isTrue();
        assertThat(verdict.otherCores()).isCloseTo(0.0, within(1e-9));
        assertThat(verdict.interruptCores()).isCloseTo(0.3, within(1e-9));
        assertThat(verdict.describe()).endsWith("(interrupts 0.30 cores)");
    }

    @Test
    void readsThisMachine() {
        QuietMachine.Reading reading =
                QuietMachine.read(pid -> pid == ProcessHandle.current().pid());
        assertThat(reading.machine().total()).isPositive();
        assertThat(reading.runTicks()).containsKey(ProcessHandle.current().pid());
    }
}
