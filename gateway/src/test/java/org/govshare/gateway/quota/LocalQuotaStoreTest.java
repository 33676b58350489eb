package org.govshare.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.testing.TestingClock;
import org.junit.jupiter.api.Test;

class LocalQuotaStoreTest {
    private static final QuotaKey KEY = new QuotaKey("office", "RETURN");
    private final TestingClock clock =
            TestingClock.following(Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    private final DailyWindow window = new DailyWindow(clock, ZoneId.of("Asia/Shanghai"));

    @Test
    void subjectsAreAdmittedAllOrNoneUpToTheCeilingExactly() {
        LocalQuotaStore store = new LocalQuotaStore(window, 1);

        assertThat(store.admitSubjects(KEY, List.of("a", "b", "c"), 5).admitted())
                .isTrue();
        QuotaStore.Admission overshooting = store.admitSubjects(KEY, List.of("c", "d", "e", "f"), 5);
        assertThat(overshooting.refusal()).isEqualTo(QuotaStore.Admission.Refusal.SUBJECTS);
        assertThat(overshooting.retryAfterSeconds()).isEqualTo(6 * 3600);
        // Nothing of the refused operation was counted: two more still fit, subjects seen before always do.
        assertThat(store.admitSubjects(KEY, List.of("d", "e"), 5).admitted()).isTrue();
        assertThat(store.admitSubjects(KEY, List.of("a", "e"), 5).admitted()).isTrue();
        assertThat(store.admitSubjects(KEY, List.of("f"), 5).admitted()).isFalse();
        assertThat(store.admit(KEY, 0, 5).refusal()).isEqualTo(QuotaStore.Admission.Refusal.SUBJECTS);
    }

    @Test
    void aShareOfTheCeilingHoldsWhileRedisIsDown() {
        LocalQuotaStore share = new LocalQuotaStore(window, 2);

        assertThat(share.admitSubjects(KEY, List.of("a", "b"), 5).admitted()).isTrue();
        assertThat(share.admitSubjects(KEY, List.of("c"), 5).admitted())
                .as("3 x 2 instances > 5")
                .isFalse();
    }

    @Test
    void concurrentOperationsCannotPassTheCeilingTogether() throws Exception {
        LocalQuotaStore store = new LocalQuotaStore(window, 1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> admitted = new ArrayList<>();
        for (int subject = 0; subject < 40; subject++) {
            String digest = "subject-" + subject;
            admitted.add(threads.submit(
                    () -> store.admitSubjects(KEY, List.of(digest), 7).admitted()));
        }
        int count = 0;
        for (Future<Boolean> outcome : admitted) {
            count += outcome.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        threads.shutdown();

        assertThat(count).isEqualTo(7);
    }

    @Test
    void theNextQuotaDayStartsAfresh() {
        LocalQuotaStore store = new LocalQuotaStore(window, 1);
        assertThat(store.admitSubjects(KEY, List.of("a", "b"), 2).admitted()).isTrue();
        assertThat(store.admitSubjects(KEY, List.of("c"), 2).admitted()).isFalse();

        // 16:00 UTC is midnight in Shanghai.
        clock.advance(Duration.ofHours(6));

        assertThat(store.admitSubjects(KEY, List.of("c"), 2).admitted()).isTrue();
        assertThat(store.admitSubjects(KEY, List.of("a", "b"), 2).admitted()).isFalse();
    }

    @Test
    void theRateIsAShareOfTheLimitAndARefusalSaysWhenToRetry() {
        LocalQuotaStore share = new LocalQuotaStore(window, 2);
        int admitted = 0;
        QuotaStore.Admission refused = null;
        for (int i = 0; i < 20; i++) {
            QuotaStore.Admission admission = share.admit(KEY, 10, 0);
            if (admission.admitted()) {
                admitted++;
            } else {
                refused = admission;
            }
        }

        // 10 per second over 2 instances: a burst of 5 here, plus what refilled meanwhile (5 per second).
        assertThat(admitted).isBetween(5, 6);
        assertThat(refused).isNotNull();
        assertThat(refused.refusal()).isEqualTo(QuotaStore.Admission.Refusal.RATE);
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(share.admit(KEY, 0, 0)).isEqualTo(QuotaStore.Admission.ADMITTED);
    }
}
