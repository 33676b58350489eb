package org.govshare.loadtest.sidebyside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void aRunOfEveryWorkloadWithoutAProfilerMayBeTheResult() {
        Options options = Options.parse();

        assertThat(options.workloads()).containsExactlyInAnyOrder(Workload.values());
        assertThat(options.asyncProfiler()).isEmpty();
        assertThat(options.complete()).isTrue();
    }

    @Test
    void aRunOfSomeWorkloadsOrAProfiledOneIsNot() {
        Options some = Options.parse("--workloads", "W1, W3");
        Options profiled = Options.parse("--async-profiler", "/opt/ap/lib/libasyncProfiler.so");

        assertThat(some.workloads()).containsExactly(Workload.W1, Workload.W3);
        assertThat(some.complete()).isFalse();
        assertThat(profiled.asyncProfiler()).contains(Path.of("/opt/ap/lib/libasyncProfiler.so"));
        assertThat(profiled.complete()).isFalse();
    }

    @Test
    void refusesAWorkloadItDoesNotKnow() {
        assertThatThrownBy(() -> Options.parse("--workloads", "W1,W9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "--workloads takes a comma-separated subset of [W1, W2, W3, W4, W1_LITERAL, W5, W6]");
    }
}
