package org.govshare.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.govshare.gateway.redis.SharedRedis;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.subject.Subject;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.gateway.testing.RealServers;
import org.govshare.gateway.testing.TestingClock;
import org.govshare.gateway.verification.InMemoryVerificationGuard;
import org.govshare.gateway.verification.VerificationGuard;
import org.govshare.gateway.verification.VerificationGuard.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guessing defence's counters in the real Redis, reserved for a verification job's whole batch in one script:
 * every subject keeps its own limit (one at its limit is refused, the others pass), a subject asked for twice counts
 * twice, and what a batch books is what single reservations, on another instance too, see; while Redis is down, the
 * batch is decided against this instance's share of each limit.
 */
class RedisVerificationGuardIT {
    private final String prefix = "govshare-test-" + UUID.randomUUID();
    private final TestingClock clock =
            TestingClock.following(Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    private final DailyWindow window = new DailyWindow(clock, ZoneId.of("Asia/Shanghai"));
    private final SubjectDigests digests =
            new SubjectDigests("a test key of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));
    private final SharedRedis first = new SharedRedis(RealServers.REDIS, Duration.ofSeconds(2));
    private final SharedRedis second = new SharedRedis(RealServers.REDIS, Duration.ofSeconds(2));
    private final RedisVerificationGuard one = new RedisVerificationGuard(first, prefix, digests, window);
    private final RedisVerificationGuard other = new RedisVerificationGuard(second, prefix, digests, window);

    @AfterEach
    void removeKeysAndClose() {
        List<String> keys = first.commands().keys(prefix + ":*");
        if (!keys.isEmpty()) {
            first.commands().del(keys.toArray(String[]::new));
        }
        first.close();
        second.close();
    }

    private static VerificationGuard.Tally subject(String key) {
        return new VerificationGuard.SubjectGuesses("pension-fund", new Subject("RESIDENT_ID_NUMBER", key));
    }

    @Test
    void aBatchIsDecidedSubjectBySubjectAndASubjectAtItsLimitIsRefusedAlone() {
        one.reserve(subject("a"), 3, 3).orElseThrow().settle(3);
        other.reserve(subject("c"), 2, 3).orElseThrow().settle(2);

        VerificationGuard.Reservations batch = one.reserveAll(List.of(
                new Request(subject("a"), 1, 3),
                new Request(subject("b"), 1, 3),
                new Request(subject("c"), 1, 3),
                new Request(subject("c"), 1, 3),
                new Request(subject("b"), 2, 3)));

        assertThat(List.of(0, 1, 2, 3, 4)).map(batch::granted).containsExactly(false, true, true, false, true);
        // Reserved and not yet settled, the batch's room is taken for the other instance too.
        assertThat(other.reserve(subject("b"), 1, 3)).isEmpty();
        batch.settle(new int[] {0, 1, 1, 0, 0});
        // The settlement goes out without waiting; a reservation on the same connection comes after it.
        assertThat(one.reserve(subject("c"), 1, 3)).as("2 + 1 booked").isEmpty();
        assertThat(other.reserve(subject("a"), 1, 3)).isEmpty();
        assertThat(other.reserve(subject("b"), 3, 3)).as("1 booked").isEmpty();
        assertThat(other.reserve(subject("b"), 2, 3)).isPresent();
    }

    @Test
    void aFullBatchOfSubjectsIsOneScriptAndOnlyTheSubjectAtItsLimitIsRefused() {
        List<Request> requests = new ArrayList<>();
        IntStream.range(0, 512).forEach(index -> requests.add(new Request(subject("s" + index), 2, 5)));
        other.reserve(subject("s300"), 4, 5).orElseThrow().settle(4);

        VerificationGuard.Reservations batch = one.reserveAll(requests);

        assertThat(IntStream.range(0, 512).filter(index -> !batch.granted(index)))
                .containsExactly(300);
        int[] mismatches = new int[512];
        mismatches[7] = 2;
        batch.settle(mismatches);
        VerificationGuard.Reservations again =
                one.reserveAll(List.of(new Request(subject("s7"), 4, 5), new Request(subject("s8"), 5, 5)));
        assertThat(again.granted(0)).as("2 booked + 4 > 5").isFalse();
        assertThat(again.granted(1)).as("a match books nothing").isTrue();
        again.settle(new int[] {0, 0});
    }

    @Test
    void whileRedisIsDownABatchIsDecidedAgainstThisInstancesShareOfEachLimit() {
        RedisState state = new RedisState(clock);
        try (SharedRedis down = new SharedRedis("redis://127.0.0.1:1", Duration.ofMillis(200))) {
            FailoverVerificationGuard guard = new FailoverVerificationGuard(
                    new RedisVerificationGuard(down, prefix, digests, window),
                    new InMemoryVerificationGuard(window, 100),
                    new LocalQuotaStore(window, 2),
                    state);

            // Two instances expected: each may take half of a limit of 4.
            VerificationGuard.Reservations batch = guard.reserveAll(List.of(
                    new Request(subject("a"), 1, 4),
                    new Request(subject("a"), 1, 4),
                    new Request(subject("a"), 1, 4),
                    new Request(subject("b"), 2, 4)));

            assertThat(List.of(0, 1, 2, 3)).map(batch::granted).containsExactly(true, true, false, true);
            assertThat(state.degraded()).isTrue();
            batch.settle(new int[] {1, 1, 0, 0});
            assertThat(guard.reserve(subject("a"), 1, 4)).isEmpty();
            assertThat(guard.reserve(subject("b"), 2, 4)).isPresent();
        }
    }

    @Test
    void anEmptyBatchTouchesNothing() {
        VerificationGuard.Reservations none = one.reserveAll(List.of());
        none.settle(new int[0]);

        assertThat(first.commands().keys(prefix + ":*")).isEmpty();
    }
}
