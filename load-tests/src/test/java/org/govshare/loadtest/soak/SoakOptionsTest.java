package org.govshare.loadtest.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SoakOptionsTest {
    @Test
    void theDefaultIsTheIssuesSoakAndWritesTheCommittedResults() {
        SoakOptions options = SoakOptions.parse();

        assertThat(options.minutes()).isEqualTo(10);
        assertThat(options.rateFraction()).isEqualTo(0.7);
        assertThat(options.fullLength()).isTrue();
        assertThat(options.command()).isEqualTo("load-tests/soak.sh");
    }

    @Test
    void aShorterOrLighterRunIsPartial() {
        assertThat(SoakOptions.parse("--minutes", "1").fullLength()).isFalse();
        assertThat(SoakOptions.parse("--rate-fraction", "0.5").fullLength()).isFalse();
        assertThat(SoakOptions.parse("--minutes", "1", "--rate-fraction", "0.5").command())
                .isEqualTo("load-tests/soak.sh --minutes 1 --rate-fraction 0.5");
    }

    @Test
    void refusesRatesBeyondTheMaximumAndUnknownOptions() {
        assertThatThrownBy(() -> SoakOptions.parse("--rate-fraction", "1.5"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoakOptions.parse("--minutes", "0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoakOptions.parse("--quick")).isInstanceOf(IllegalArgumentException.class);
    }
}
