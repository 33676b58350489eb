package org.govshare.loadtest.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadRunnerTest {
    /** Answers at once, except request {@code stalled}, which takes {@code stallMillis}. */
    private static LoadTarget stallingAt(long stalled, long stallMillis) {
        return () -> new LoadTarget.Session() {
            @Override
            public boolean send(long sequence) {
                if (sequence == stalled) {
                    try {
                        Thread.sleep(stallMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return true;
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void theSlowestAnswerIsKeptWithItsDueTimeAndSentOnTime() throws InterruptedException {
        RunResult result = LoadRunner.openModel(stallingAt(100, 40), 4, 500, Duration.ZERO, Duration.ofMillis(600));

        SlowRequest slowest = result.slowest().stream()
                .max(Comparator.comparingLong(SlowRequest::latencyMicros))
                .orElseThrow();
        assertThat(slowest.latencyMicros()).isGreaterThanOrEqualTo(40_000);
        // Three other connections were free: the stalled request itself was sent when it was due.
        assertThat(slowest.lateMicros()).isLessThan(20_000);
        assertThat(result.slowest()).isSortedAccordingTo(Comparator.comparing(SlowRequest::due));
    }

    @Test
    void requestsDueWhileEveryConnectionWaitsAreSentLateAndSaySo() throws InterruptedException {
        RunResult result = LoadRunner.openModel(stallingAt(100, 60), 1, 500, Duration.ZERO, Duration.ofMillis(600));

        // One connection: the requests due during the 60 ms stall (one every 2 ms) waited for it to end.
        List<SlowRequest> late = result.slowest().stream()
                .filter(slow -> slow.lateMicros() >= 30_000)
                .toList();
        assertThat(late).hasSizeGreaterThanOrEqualTo(10);
        assertThat(late).allSatisfy(slow -> assertThat(slow.latencyMicros()).isGreaterThanOrEqualTo(slow.lateMicros()));
    }

    @Test
    void ofThousandsOfAnswersTheTwoHundredSlowestAreKept() throws InterruptedException {
        RunResult result = LoadRunner.closedLoop(stallingAt(500, 20), 2, Duration.ZERO, Duration.ofMillis(300));

        assertThat(result.successes()).isGreaterThan(10L * LoadRunner.SLOWEST_KEPT);
        assertThat(result.slowest()).hasSize(LoadRunner.SLOWEST_KEPT);
        // The one stalled answer among thousands is among those kept.
        assertThat(result.slowest())
                .anySatisfy(slow -> assertThat(slow.latencyMicros()).isGreaterThanOrEqualTo(20_000));
    }
}
