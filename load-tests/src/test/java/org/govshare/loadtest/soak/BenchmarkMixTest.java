package org.govshare.loadtest.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.govshare.loadtest.load.LoadTarget;
import org.govshare.loadtest.sidebyside.Workload;
import org.junit.jupiter.api.Test;

class BenchmarkMixTest {
    @Test
    void sendsTheWorkloadsInTurnAndCountsEveryAnswerByWorkload() throws IOException {
        TestingTarget right = new TestingTarget(Outcome.EXPECTED);
        BenchmarkMix mix = new BenchmarkMix(
                List.of(right, new TestingTarget(Outcome.UNEXPECTED), right, new TestingTarget(Outcome.LOST), right));

        try (LoadTarget.Session session = mix.open()) {
            for (long sequence = 0; sequence < 10; sequence++) {
                try {
                    session.send(sequence);
                } catch (IOException e) {
                    // a lost request, counted
                }
            }
        }

        assertThat(mix.answers())
                .containsEntry(Workload.W1, new Answers(2, 0, 0))
                .containsEntry(Workload.W2, new Answers(0, 2, 0))
                .containsEntry(Workload.W4, new Answers(0, 0, 2))
                .containsEntry(Workload.W5, new Answers(2, 0, 0));
        assertThat(mix.total()).isEqualTo(new Answers(6, 2, 2));
        assertThat(mix.total().responses()).isEqualTo(8);
        assertThat(mix.total().errors()).isEqualTo(4);
        // Each workload goes through its own requests one after the other.
        assertThat(right.sequences).containsExactly(0L, 0L, 0L, 1L, 1L, 1L);
    }

    @Test
    void needsOneTargetPerWorkload() {
        assertThatThrownBy(() -> new BenchmarkMix(List.of(new TestingTarget(Outcome.EXPECTED))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private enum Outcome {
        EXPECTED,
        UNEXPECTED,
        LOST
    }

    /** A target whose every answer ends the same way; records the sequence numbers it was sent. */
    private static final class TestingTarget implements LoadTarget {
        private final Outcome outcome;
        private final List<Long> sequences = new java.util.ArrayList<>();

        TestingTarget(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public Session open() {
            return new Session() {
                @Override
                public boolean send(long sequence) throws IOException {
                    sequences.add(sequence);
                    if (outcome == Outcome.LOST) {
                        throw new IOException("connection closed");
                    }
                    return outcome == Outcome.EXPECTED;
                }

                @Override
                public void close() {}
            };
        }
    }
}
