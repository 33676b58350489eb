package org.govshare.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.govshare.gateway.redis.SharedRedis;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.testing.RealServers;
import org.govshare.gateway.testing.TestingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shared quota store against the real Redis, as two gateway instances use it (two connections): subjects are
 * counted all or none up to the ceiling however the instances interleave, the token bucket is one for both, and the
 * day's subjects start afresh when the gateway's clock reaches the next day in the quota zone.
 */
class RedisQuotaStoreIT {
    private static final QuotaKey KEY = new QuotaKey("office", "RETURN");

    private final String prefix = "govshare-test-" + UUID.randomUUID();
    private final TestingClock clock =
            TestingClock.following(Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    private final DailyWindow window = new DailyWindow(clock, ZoneId.of("Asia/Shanghai"));
    private final SharedRedis first = new SharedRedis(RealServers.REDIS, Duration.ofSeconds(2));
    private final SharedRedis second = new SharedRedis(RealServers.REDIS, Duration.ofSeconds(2));
    private final RedisQuotaStore one = new RedisQuotaStore(first, prefix, window);
    private final RedisQuotaStore other = new RedisQuotaStore(second, prefix, window);

    @AfterEach
    void removeKeysAndClose() {
        List<String> keys = first.commands().keys(prefix + ":*");
        if (!keys.isEmpty()) {
            first.commands().del(keys.toArray(String[]::new));
        }
        first.close();
        second.close();
    }

    @Test
    void subjectsAreAdmittedAllOrNoneUpToTheCeilingAcrossInstances() {
        assertThat(one.admitSubjects(KEY, List.of("a", "b", "c"), 5).admitted()).isTrue();
        QuotaStore.Admission overshooting = other.admitSubjects(KEY, List.of("c", "d", "e", "f"), 5);

        assertThat(overshooting.refusal()).isEqualTo(QuotaStore.Admission.Refusal.SUBJECTS);
        // 10:00 UTC is 18:00 in Shanghai: six hours to the quota day's end.
        assertThat(overshooting.retryAfterSeconds()).isEqualTo(6 * 3600);
        // Nothing of the refused operation was counted; subjects seen before always pass.
        assertThat(other.admitSubjects(KEY, List.of("d", "e"), 5).admitted()).isTrue();
        assertThat(one.admitSubjects(KEY, List.of("a", "e"), 5).admitted()).isTrue();
        assertThat(one.admitSubjects(KEY, List.of("f"), 5).admitted()).isFalse();
        assertThat(other.admit(KEY, 0, 5).refusal()).isEqualTo(QuotaStore.Admission.Refusal.SUBJECTS);
    }

    @Test
    void concurrentOperationsOnTwoInstancesCannotPassTheCeilingTogether() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> admitted = new ArrayList<>();
        for (int subject = 0; subject < 40; subject++) {
            String digest = "subject-" + subject;
            RedisQuotaStore store = subject % 2 == 0 ? one : other;
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
        assertThat(one.admitSubjects(KEY, List.of("a", "b"), 2).admitted()).isTrue();
        assertThat(one.admitSubjects(KEY, List.of("c"), 2).admitted()).isFalse();

        // 16:00 UTC is midnight in Shanghai.
        clock.advance(Duration.ofHours(6));

        assertThat(other.admitSubjects(KEY, List.of("c"), 2).admitted()).isTrue();
        assertThat(other.admitSubjects(KEY, List.of("a", "b"), 2).admitted()).isFalse();
    }

    @Test
    void oneTokenBucketServesBothInstances() {
        int admitted = 0;
        QuotaStore.Admission refused = null;
        for (int i = 0; i < 20; i++) {
            QuotaStore.Admission admission = (i % 2 == 0 ? one : other).admit(KEY, 5, 0);
            if (admission.admitted()) {
                admitted++;
            } else {
                refused = admission;
            }
        }

        // A burst of 20 within far less than a second: the bucket's 5, plus what refilled meanwhile (5 per second).
        assertThat(admitted).isBetween(5, 6);
        assertThat(refused).isNotNull();
        assertThat(refused.refusal()).isEqualTo(QuotaStore.Admission.Refusal.RATE);
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        // Another consumer's bucket is its own.
        assertThat(one.admit(new QuotaKey("bank", "KYC"), 5, 0).admitted()).isTrue();
    }
}
