package org.govshare.connector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SourceGuardTest {
    private static SourceSettings settings(int poolSize, int concurrent, Duration rest) {
        return settings(poolSize, concurrent, SourceSettings.DEFAULT_ADMISSION_WAIT, rest);
    }

    private static SourceSettings settings(int poolSize, int concurrent, Duration admissionWait, Duration rest) {
        return new SourceSettings(
                "hrss",
                "jdbc:h2:mem:x",
                "sa",
                "",
                poolSize,
                Duration.ofSeconds(1),
                Optional.empty(),
                concurrent,
                admissionWait,
                rest);
    }

    @Test
    void aFailingSourceRestsThenComesBackAfterTrialQueries() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        SourceGuard guard = new SourceGuard(settings(2, 8, Duration.ofMillis(200)), clock);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> guard.call(() -> {
                        ran.incrementAndGet();
                        throw new SourceUnavailableException("hrss", "query failed", new RuntimeException("down"));
                    }))
                    .isInstanceOf(SourceUnavailableException.class);
        }

        assertThat(guard.state()).isEqualTo(SourceGuard.State.RESTING);
        assertThatThrownBy(() -> guard.call(ran::incrementAndGet))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("resting");
        assertThat(ran).hasValue(10);

        now.set(now.get().plusMillis(150));
        assertThatThrownBy(() -> guard.call(ran::incrementAndGet))
                .as("still resting")
                .isInstanceOf(SourceUnavailableException.class);
        now.set(now.get().plusMillis(100));
        for (int i = 0; i < 3; i++) {
            assertThat(guard.call(() -> "answer")).isEqualTo("answer");
        }
        assertThat(guard.state()).isEqualTo(SourceGuard.State.AVAILABLE);
    }

    @Test
    void aBurstLargerThanThePlacesWaitsForAPlaceAndIsServed() throws Exception {
        SourceGuard guard = new SourceGuard(settings(2, 2, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        int callers = 16;
        ExecutorService burst = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger atOnce = new AtomicInteger();
        try {
            java.util.List<Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(burst.submit(() -> {
                    start.await();
                    return guard.call(() -> {
                        mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        atOnce.decrementAndGet();
                        return "answer";
                    });
                }));
            }
            start.countDown();
            for (Future<String> answer : answers) {
                // Zero wait (the former setting) refused 14 of these 16.
                assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("answer");
            }
            assertThat(mostAtOnce).hasValueLessThanOrEqualTo(2);
        } finally {
            burst.shutdownNow();
        }
    }

    @Test
    void aStuckSourceRefusesOnceTheWaitForAPlaceIsOver() throws Exception {
        Duration wait = Duration.ofMillis(100);
        SourceGuard guard = new SourceGuard(settings(1, 1, wait, Duration.ofSeconds(2)));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService slow = Executors.newSingleThreadExecutor();
        try {
            Future<String> held = slow.submit(() -> guard.call(() -> {
                inside.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "slow";
            }));
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

            long started = System.nanoTime();
            assertThatThrownBy(() -> guard.call(() -> "fast"))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("saturated");
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(waitedMillis).isBetween(wait.toMillis() - 5, wait.toMillis() + 900);
            release.countDown();
            assertThat(held.get(5, TimeUnit.SECONDS)).isEqualTo("slow");
            assertThat(guard.call(() -> "fast")).isEqualTo("fast");
        } finally {
            slow.shutdownNow();
        }
    }

    @Test
    void anAdmissionWaitLongerThanTheQueryTimeoutIsRejected() {
        assertThatThrownBy(() -> settings(1, 1, Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("admissionWait");
    }
}
