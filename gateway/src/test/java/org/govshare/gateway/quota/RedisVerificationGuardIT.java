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
import org.govshare.gateway.testing.TestingTcpProxy;
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
    private static final Duration LIFETIME = Duration.ofSeconds(30);

    private final String prefix = "govshare-test-" + UUID.randomUUID();
    private final TestingClock clock =
            TestingClock.following(Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    private final DailyWindow window = new DailyWindow(clock, ZoneId.of("Asia/Shanghai"));
    private final SubjectDigests digests =
            new SubjectDigests("a test key of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));
    private final SharedRedis first = new SharedRedis(RealServers.REDIS, Duration.ofSeconds(2));
    private final SharedRedis second = new SharedRedis(RealServers.REDIS, Duration.ofSeconds(2));
    private final RedisVerificationGuard one = new RedisVerificationGuard(first, prefix, digests, window, LIFETIME);
    private final RedisVerificationGuard other = new RedisVerificationGuard(second, prefix, digests, window, LIFETIME);

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
                    new RedisVerificationGuard(down, prefix, digests, window, LIFETIME),
                    new InMemoryVerificationGuard(window, 100, clock, LIFETIME),
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

    /** The soak's case: every settlement of a consumer's lookups lost; the room comes back after the lifetime. */
    @Test
    void reservationsWhoseSettlementsAreAllLostFreeTheirRoomWhenTheyExpire() throws InterruptedException {
        VerificationGuard.Tally misses = new VerificationGuard.LookupMisses("dongguan-window");
        SharedRedis lost = new SharedRedis(RealServers.REDIS, Duration.ofMillis(250));
        RedisVerificationGuard losing = new RedisVerificationGuard(
                lost, prefix, digests, window, Duration.ofMillis(1500), new Duration[] {Duration.ofMillis(50)});
        one.reserve(misses, 1, 20).orElseThrow().settle(1);
        List<VerificationGuard.Reservation> unsettled = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            unsettled.add(losing.reserve(misses, 1, 20).orElseThrow());
        }
        long reserved = System.nanoTime();
        lost.close();
        unsettled.forEach(reservation -> reservation.settle(0)); // every attempt fails: the connection is closed
        assertThat(other.reserve(misses, 1, 20)).as("1 booked + 19 live").isEmpty();

        Thread.sleep(Math.max(
                0, 1600 - Duration.ofNanos(System.nanoTime() - reserved).toMillis()));

        for (int i = 0; i < 19; i++) {
            other.reserve(misses, 1, 20).orElseThrow().settle(0);
        }
        assertThat(other.reserve(misses, 19, 20)).as("the booked miss stays").isPresent();
        assertThat(other.reserve(misses, 1, 20)).isEmpty();
        String hash = prefix + ":misses:dongguan-window:" + window.today();
        assertThat(first.commands().hget(hash, "booked")).isEqualTo("1");
    }

    /** A settlement Redis never got (its connection was cut) is sent again once Redis is back, and books the miss. */
    @Test
    void aMissWhoseSettlementFailsIsSentAgainAndBooked() throws InterruptedException {
        VerificationGuard.Tally misses = new VerificationGuard.LookupMisses("dongguan-window");
        String hash = prefix + ":misses:dongguan-window:" + window.today();
        try (TestingTcpProxy proxy = new TestingTcpProxy("127.0.0.1", 6379);
                SharedRedis cut = new SharedRedis("redis://127.0.0.1:" + proxy.port(), Duration.ofSeconds(1))) {
            RedisVerificationGuard guard =
                    new RedisVerificationGuard(cut, prefix, digests, window, LIFETIME, new Duration[] {
                        Duration.ofMillis(300), Duration.ofSeconds(1)
                    });
            VerificationGuard.Reservation reservation =
                    guard.reserve(misses, 1, 2).orElseThrow();
            proxy.down();

            reservation.settle(1);
            Thread.sleep(100);
            assertThat(first.commands().hget(hash, "booked"))
                    .as("not booked while Redis is unreachable")
                    .isNull();
            assertThat(other.reserve(misses, 2, 2))
                    .as("the unsettled reservation still counts")
                    .isEmpty();
            proxy.heal();

            String booked = null;
            for (int i = 0; i < 100 && booked == null; i++) {
                Thread.sleep(50);
                booked = first.commands().hget(hash, "booked");
            }
            assertThat(booked).as("booked by an attempt after Redis came back").isEqualTo("1");
            assertThat(first.commands().hget(hash, "pending")).isEqualTo("0");
            assertThat(first.commands().zcard(hash + ":held")).isZero();
            assertThat(other.reserve(misses, 1, 2)).isPresent();
            assertThat(other.reserve(misses, 1, 2)).as("1 booked + 1 live").isEmpty();
        }
    }

    /**
     * A reservation taken in Redis through the failover guard, settled while that instance cannot reach Redis: the
     * instance decides on its local share meanwhile (settled there, in memory), and the room in Redis comes back
     * once the reservation expires, however long Redis stays away from the instance.
     */
    @Test
    void aReservationTakenInRedisAndSettledWhileRedisIsGoneDoesNotLeak() throws InterruptedException {
        VerificationGuard.Tally misses = new VerificationGuard.LookupMisses("dongguan-window");
        RedisState state = new RedisState(clock);
        try (TestingTcpProxy proxy = new TestingTcpProxy("127.0.0.1", 6379);
                SharedRedis going = new SharedRedis("redis://127.0.0.1:" + proxy.port(), Duration.ofSeconds(1))) {
            FailoverVerificationGuard guard = new FailoverVerificationGuard(
                    new RedisVerificationGuard(going, prefix, digests, window, Duration.ofMillis(1500), new Duration[] {
                        Duration.ofMillis(50)
                    }),
                    new InMemoryVerificationGuard(window, 100, clock, LIFETIME),
                    new LocalQuotaStore(window, 2),
                    state);
            VerificationGuard.Reservation inRedis = guard.reserve(misses, 2, 2).orElseThrow();
            long reserved = System.nanoTime();
            assertThat(state.degraded()).isFalse();
            proxy.down();

            inRedis.settle(0);
            assertThat(other.reserve(misses, 1, 2))
                    .as("still reserved in Redis")
                    .isEmpty();
            VerificationGuard.Reservation local = guard.reserve(misses, 1, 2).orElseThrow();
            assertThat(state.degraded()).isTrue();
            assertThat(guard.reserve(misses, 1, 2))
                    .as("the local share of 2 is 1")
                    .isEmpty();
            local.settle(0);
            assertThat(guard.reserve(misses, 1, 2))
                    .as("a local settlement frees local room")
                    .isPresent();

            Thread.sleep(Math.max(
                    0, 1600 - Duration.ofNanos(System.nanoTime() - reserved).toMillis()));
            assertThat(other.reserve(misses, 2, 2))
                    .as("the Redis reservation expired")
                    .isPresent();
        }
    }

    @Test
    void anEmptyBatchTouchesNothing() {
        VerificationGuard.Reservations none = one.reserveAll(List.of());
        none.settle(new int[0]);

        assertThat(first.commands().keys(prefix + ":*")).isEmpty();
    }
}
