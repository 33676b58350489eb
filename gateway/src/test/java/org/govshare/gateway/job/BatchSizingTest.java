package org.govshare.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchSizingTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final BatchSizing sizing = new BatchSizing(512, 32);

    @Test
    void anUnmeasuredSourceGetsTheConfiguredBatchSize() {
        assertThat(sizing.next("job", "police", TIMEOUT, 8, 8)).isEqualTo(512);
    }

    @Test
    void aSlowSourceGetsStatementsOfAQuarterOfItsQueryTimeout() {
        // 10 ms a key: a quarter of 2 s is 500 ms, 50 keys.
        sizing.answered("job", "police", 100, Duration.ofSeconds(1));

        assertThat(sizing.next("job", "police", TIMEOUT, 8, 8)).isEqualTo(50);
        assertThat(sizing.next("job", "tax", TIMEOUT, 8, 8))
                .as("another source")
                .isEqualTo(512);
        assertThat(sizing.next("job", "police", Duration.ofSeconds(4), 8, 8)).isEqualTo(100);
    }

    @Test
    void aBusySourceGetsShorterStatementsDownToTheMinimum() {
        // 1 ms a key: 500 keys while the source is idle.
        sizing.answered("job", "police", 100, Duration.ofMillis(100));
        assertThat(sizing.next("job", "police", TIMEOUT, 8, 8)).isEqualTo(500);

        assertThat(sizing.next("job", "police", TIMEOUT, 8, 4))
                .as("half its places in use")
                .isEqualTo(250);
        assertThat(sizing.next("job", "police", TIMEOUT, 8, 0)).isEqualTo(32);
    }

    @Test
    void theCostPerKeyIsSmoothedSoOneSlowBatchDoesNotSwingIt() {
        sizing.answered("job", "police", 100, Duration.ofMillis(100));
        sizing.answered("job", "police", 100, Duration.ofMillis(1100));

        // 1 ms + 0.2 × (11 ms − 1 ms) = 3 ms a key: 166 keys in 500 ms.
        assertThat(sizing.next("job", "police", TIMEOUT, 8, 8)).isEqualTo(166);
    }

    @Test
    void aFailedStatementHalvesTheJobsBatchWhichGrowsBackByDoubling() {
        sizing.failed("job", 512);
        assertThat(sizing.next("job", "police", TIMEOUT, 8, 8)).isEqualTo(256);
        assertThat(sizing.next("other-job", "police", TIMEOUT, 8, 8)).isEqualTo(512);
        sizing.failed("job", 256);
        sizing.failed("job", 128);
        sizing.failed("job", 64);
        sizing.failed("job", 32);
        assertThat(sizing.next("job", "police", TIMEOUT, 8, 8))
                .as("never below the minimum")
                .isEqualTo(32);

        sizing.answered("job", "police", 32, Duration.ZERO);
        assertThat(sizing.next("job", "police", TIMEOUT, 8, 8)).isEqualTo(64);
        sizing.answered("job", "police", 64, Duration.ZERO);
        sizing.answered("job", "police", 128, Duration.ZERO);
        sizing.answered("job", "police", 256, Duration.ZERO);
        assertThat(sizing.next("job", "police", TIMEOUT, 8, 8)).isEqualTo(512);
    }

    @Test
    void aMinimumAboveTheMaximumIsTheMaximum() {
        BatchSizing small = new BatchSizing(8, 32);
        small.failed("job", 8);

        assertThat(small.next("job", "police", TIMEOUT, 8, 8)).isEqualTo(8);
        assertThatThrownBy(() -> new BatchSizing(16, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
