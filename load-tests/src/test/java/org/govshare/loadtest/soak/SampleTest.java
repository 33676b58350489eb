package org.govshare.loadtest.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleTest {
    @Test
    void theSlopeOfASteadilyGrowingHeapIsItsGrowthPerMinute() {
        List<Sample> samples = new ArrayList<>();
        for (int seconds = 0; seconds <= 300; seconds += 10) {
            samples.add(heapAt(seconds, 50_000_000L + seconds * 40_000L + (seconds % 20 == 0 ? 300_000 : 0)));
        }

        assertThat(Sample.heapSlopePerMinute(samples)).isCloseTo(2_400_000, within(50_000.0));
    }

    @Test
    void aFlatHeapHasNoSlopeAndTooFewReadingsHaveNone() {
        assertThat(Sample.heapSlopePerMinute(List.of(heapAt(0, 7), heapAt(10, 7), heapAt(20, 7))))
                .isZero();
        assertThat(Sample.heapSlopePerMinute(List.of(heapAt(0, 7)))).isNaN();
    }

    private static Sample heapAt(int seconds, long bytes) {
        return new Sample(Duration.ofSeconds(seconds), 100, 0, bytes, 0, Map.of(), true);
    }
}
