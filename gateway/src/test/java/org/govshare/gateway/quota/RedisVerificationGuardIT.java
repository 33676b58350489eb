package org.govshare.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.govshare.gateway.redis.SharedRedis;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.subject.Subject;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.gateway.testing.RealServers;
import org.govshare.gateway.testing.TestingClock;
import org.govshare.gateway.testing.TestingTcpProxy;
import org.govshare.gateway.testing.WaitingReservation;
import org.govshare.gateway.verification.InMemoryVerificationGuard;
import org.govshare.gateway.verification.VerificationGuard;
import org.govshare.gateway.verification.VerificationGuard.Request;
import org.govshare.gateway.verification.WaitingRoom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guessing defence's counters in the real Redis, a verification job's whole batch admitted in a few scripts:
 * every subject keeps its own limit (one at its limit is refused, the others pass), a subject asked for twice counts
 * twice, and what a batch books is what single reservations, on another instance too, see; while Redis is down, the
 * batch is decided against this instance's share of each limit.
 */
class RedisVerificationGuardIT {
    private static final Duration LIFETIME = Duration.ofSeconds(30);
    /** How long a crowded reservation waits here: short, the cases below that wait are about what follows. */
    private static final Duration CROWDED_WAIT = Duration.ofMillis(50);

    private final String prefix = "govshare-test-" + UUID.randomUUID();
    private final TestingClock clock =
            TestingClock.following(Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    private final DailyWindow window = new DailyWindow(clock, ZoneId.of("Asia/Shanghai"));
    private final SubjectDigests digests =
            new SubjectDigests("a test key of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));
    private final SharedRedis first = new SharedRedis(RealServers.REDIS, Duration.ofSeconds(2));
    private final SharedRedis second = new SharedRedis(RealServers.REDIS, Duration.ofSeconds(2));
    private final RedisVerificationGuard one = guard(first, LIFETIME);
    private final RedisVerificationGuard other = guard(second, LIFETIME);

    private RedisVerificationGuard guard(SharedRedis redis, Duration lifetime, Duration... retryDelays) {
        return scripting(redis, lifetime, RedisVerificationGuard.SUBJECTS_PER_SCRIPT, retryDelays);
    }

    /** As {@link #guard}, sending at most {@code subjectsPerScript} subjects a script. */
    private RedisVerificationGuard scripting(
            SharedRedis redis, Duration lifetime, int subjectsPerScript, Duration... retryDelays) {
        return new RedisVerificationGuard(
                redis,
                prefix,
                digests,
                window,
                lifetime,
                retryDelays.length == 0 ? RedisVerificationGuard.RETRY_DELAYS : retryDelays,
                CROWDED_WAIT,
                lifetime.dividedBy(2),
                RedisVerificationGuard.SPARE_IDLE,
                new WaitingRoom(),
                subjectsPerScript);
    }

    /** A guard on the first connection whose spares are used for {@code spareFor} and lie unused {@code idle}. */
    private RedisVerificationGuard sparing(Duration spareFor, Duration idle, Duration crowdedWait, WaitingRoom room) {
        RedisVerificationGuard guard =
                made(first, LIFETIME, RedisVerificationGuard.RETRY_DELAYS, crowdedWait, spareFor, idle, room);
        closing.add(guard);
        return guard;
    }

    /** The guards made here, whose spares go back to Redis before the connections close. */
    private final List<RedisVerificationGuard> closing = new ArrayList<>();

    /** A guard on the second connection that waits up to {@code crowdedWait} in {@code room} when crowded. */
    private RedisVerificationGuard patient(Duration crowdedWait, WaitingRoom room) {
        return made(
                second,
                LIFETIME,
                RedisVerificationGuard.RETRY_DELAYS,
                crowdedWait,
                LIFETIME.dividedBy(2),
                RedisVerificationGuard.SPARE_IDLE,
                room);
    }

    private RedisVerificationGuard made(
            SharedRedis redis,
            Duration lifetime,
            Duration[] retryDelays,
            Duration crowdedWait,
            Duration spareFor,
            Duration idle,
            WaitingRoom room) {
        return new RedisVerificationGuard(
                redis,
                prefix,
                digests,
                window,
                lifetime,
                retryDelays,
                crowdedWait,
                spareFor,
                idle,
                room,
                RedisVerificationGuard.SUBJECTS_PER_SCRIPT);
    }

    private InMemoryVerificationGuard local() {
        return new InMemoryVerificationGuard(window, 100, clock, LIFETIME, CROWDED_WAIT, new WaitingRoom());
    }

    /** Only reservations under way fill the room: the reservation waited for them, and they did not settle. */
    private static void assertCrowded(Runnable reserve) {
        assertThatThrownBy(reserve::run).isInstanceOf(VerificationGuard.CrowdedException.class);
    }

    @AfterEach
    void removeKeysAndClose() {
        one.close();
        other.close();
        closing.forEach(RedisVerificationGuard::close);
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
    void aBatchIsAdmittedSubjectBySubjectAndBooksWhatEachMadeAtOnce() {
        one.reserve(subject("a"), 3, 3).orElseThrow().settle(3);
        other.reserve(subject("c"), 2, 3).orElseThrow().settle(2);

        boolean[] admitted = one.admitAll(
                List.of(
                        new Request(subject("a"), 1, 3),
                        new Request(subject("b"), 1, 3),
                        new Request(subject("c"), 1, 3),
                        new Request(subject("c"), 1, 3),
                        new Request(subject("b"), 2, 3)),
                new int[] {1, 1, 1, 0, 0});

        assertThat(admitted).containsExactly(false, true, true, false, true);
        // Booked by the admission itself, for the other instance too: nothing is held, nothing left to settle.
        assertThat(other.reserve(subject("c"), 1, 3)).as("2 + 1 booked").isEmpty();
        assertThat(other.reserve(subject("a"), 1, 3)).isEmpty();
        assertThat(other.reserve(subject("b"), 3, 3)).as("1 booked").isEmpty();
        assertThat(other.reserve(subject("b"), 2, 3)).isPresent();
        assertThat(first.commands().zcard(prefix + ":holds"))
                .as("only the last reservation's hold")
                .isEqualTo(1);
    }

    /**
     * A subject whose room an online reservation under way fills is not admitted while it does (its worst case would
     * pass the limit), and is once that reservation settled without booking.
     */
    @Test
    void aSubjectCrowdedByAReservationUnderWayIsAdmittedOnceItSettles() throws Exception {
        VerificationGuard.Reservation online = other.reserve(subject("d"), 2, 3).orElseThrow();

        assertThat(one.admitAll(List.of(new Request(subject("d"), 2, 3)), new int[] {1}))
                .as("0 booked + 2 pending + 2 > 3")
                .containsExactly(false);

        RedisVerificationGuard patient = patient(Duration.ofSeconds(10), new WaitingRoom());
        CompletableFuture<boolean[]> waiting = CompletableFuture.supplyAsync(
                () -> patient.admitAll(List.of(new Request(subject("d"), 2, 3)), new int[] {1}));
        Thread.sleep(100);
        assertThat(waiting).as("waits while the reservation is under way").isNotDone();
        online.settle(0);

        assertThat(waiting.get(5, TimeUnit.SECONDS)).containsExactly(true);
        assertThat(other.reserve(subject("d"), 3, 3)).as("1 booked + 3 > 3").isEmpty();
    }

    @Test
    void aFullBatchOfSubjectsIsAdmittedTogetherAndOnlyTheSubjectAtItsLimitIsRefused() {
        List<Request> requests = new ArrayList<>();
        IntStream.range(0, 512).forEach(index -> requests.add(new Request(subject("s" + index), 2, 5)));
        other.reserve(subject("s300"), 4, 5).orElseThrow().settle(4);
        int[] made = new int[512];
        made[7] = 2;
        made[300] = 2;

        boolean[] admitted = one.admitAll(requests, made);

        assertThat(IntStream.range(0, 512).filter(index -> !admitted[index])).containsExactly(300);
        assertThat(other.reserve(subject("s7"), 4, 5)).as("2 booked + 4 > 5").isEmpty();
        assertThat(other.reserve(subject("s300"), 2, 5))
                .as("4 booked, nothing more")
                .isEmpty();
        // A matched subject leaves no key: a million-subject job leaves one only for the subjects it booked guesses of.
        assertThat(tallies())
                .as("s7 (booked by the batch) and s300 (booked before)")
                .hasSize(2);
        // Each expires after the day, the one the admission made too.
        assertThat(tallies()).allSatisfy(tally -> assertThat(first.commands().ttl(tally))
                .isGreaterThan(Duration.ofDays(1).toSeconds()));
    }

    /**
     * A script holds Redis, and every instance's quota checks, while it runs: a batch goes as scripts of a few
     * subjects, one after another, and decides and books exactly what one script would.
     */
    @Test
    void aBatchGoesAsScriptsOfAFewSubjectsOneAfterAnother() {
        RedisVerificationGuard threes = scripting(first, LIFETIME, 3);
        closing.add(threes);
        other.reserve(subject("t4"), 5, 5).orElseThrow().settle(5);
        List<Request> requests = new ArrayList<>();
        IntStream.range(0, 10).forEach(index -> requests.add(new Request(subject("t" + index), 1, 5)));
        // t2 twice, in the first script and in the second: both count.
        requests.set(2, new Request(subject("t2"), 2, 5));
        requests.set(3, new Request(subject("t2"), 3, 5));
        int[] made = new int[10];
        made[2] = 1;
        made[3] = 3;
        made[9] = 1;
        long scriptsBefore = scriptsRun();

        boolean[] admitted = threes.admitAll(requests, made);

        assertThat(scriptsRun() - scriptsBefore).as("10 subjects, 3 a script").isEqualTo(4);
        assertThat(IntStream.range(0, 10).filter(index -> !admitted[index]))
                .as("5 booked + 1 > 5")
                .containsExactly(4);
        assertThat(other.reserve(subject("t2"), 2, 5)).as("4 booked + 2 > 5").isEmpty();
        assertThat(other.reserve(subject("t2"), 1, 5)).isPresent();
        assertThat(tallies())
                .as("t2 (booked and reserved again), t4 and t9 (booked): the matched subjects' tallies are gone")
                .hasSize(3);
    }

    /**
     * A settlement's next script is sent on the guard's own thread: CompletableFuture's default pool, with one or two
     * cores (a gateway pinned to one, these machines), starts a thread for every task, a thread per script of every
     * settlement of many spares.
     */
    @Test
    void aSettlementsScriptsAreSentWithoutAThreadEach() throws InterruptedException {
        RedisVerificationGuard threes = scripting(first, LIFETIME, 3);
        closing.add(threes);
        // The first settlement starts what the guard needs once.
        settleTenSpares(threes);
        long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();

        for (int round = 1; round <= 5; round++) {
            settleTenSpares(threes);
        }

        assertThat(ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - started)
                .as("threads started for 5 settlements of 4 scripts each")
                .isLessThan(5);
    }

    /**
     * Takes ten lookups' room at once, settles each without a miss (each is kept as a spare), and waits until the
     * spares, lying unused, are given back: a settlement of ten holds in scripts of {@code guard}'s size.
     */
    private void settleTenSpares(RedisVerificationGuard guard) throws InterruptedException {
        VerificationGuard.Tally misses = new VerificationGuard.LookupMisses("dongguan-window");
        List<VerificationGuard.Reservation> lookups = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lookups.add(guard.reserve(misses, 1, 20).orElseThrow());
        }
        lookups.forEach(lookup -> lookup.settle(0));
        String hash = prefix + ":misses:dongguan-window:" + window.today();
        for (int i = 0; i < 100 && first.commands().hget(hash, "pending") != null; i++) {
            Thread.sleep(20);
        }
        assertThat(first.commands().hget(hash, "pending"))
                .as("every spare given back")
                .isNull();
    }

    /** The subjects' tallies in Redis. */
    private List<String> tallies() {
        return first.commands().keys(prefix + ":mismatch:*");
    }

    /** The Lua scripts Redis has run since it started (those of other clients too). */
    private long scriptsRun() {
        Matcher calls = Pattern.compile("cmdstat_evalsha:calls=(\\d+)")
                .matcher(first.commands().info("commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    @Test
    void whileRedisIsDownABatchIsAdmittedAgainstThisInstancesShareOfEachLimit() {
        RedisState state = new RedisState(clock);
        try (SharedRedis down = new SharedRedis("redis://127.0.0.1:1", Duration.ofMillis(200))) {
            FailoverVerificationGuard guard = new FailoverVerificationGuard(
                    guard(down, LIFETIME), local(), new LocalQuotaStore(window, 2), state);

            // Two instances expected: each may take half of a limit of 4.
            boolean[] admitted = guard.admitAll(
                    List.of(
                            new Request(subject("a"), 1, 4),
                            new Request(subject("a"), 1, 4),
                            new Request(subject("a"), 1, 4),
                            new Request(subject("b"), 2, 4)),
                    new int[] {1, 1, 0, 0});

            assertThat(admitted).containsExactly(true, true, false, true);
            assertThat(state.degraded()).isTrue();
            assertThat(guard.reserve(subject("a"), 1, 4)).isEmpty();
            assertThat(guard.reserve(subject("b"), 2, 4)).isPresent();
        }
    }

    /**
     * An online reservation whose settlement is lost (its instance lost Redis) crowds a job's subject only until it
     * expires: the admission frees expired holds as a reservation does.
     */
    @Test
    void aLostReservationStopsCrowdingAJobsSubjectWhenItExpires() throws InterruptedException {
        SharedRedis lost = new SharedRedis(RealServers.REDIS, Duration.ofMillis(250));
        RedisVerificationGuard losing = scripting(lost, Duration.ofMillis(1000), 2, Duration.ofMillis(50));
        losing.reserve(subject("lost"), 2, 2).orElseThrow();
        long reserved = System.nanoTime();
        lost.close();

        assertThat(one.admitAll(List.of(new Request(subject("lost"), 1, 2)), new int[] {1}))
                .as("crowded by the live reservation")
                .containsExactly(false);

        Thread.sleep(Math.max(
                0, 1100 - Duration.ofNanos(System.nanoTime() - reserved).toMillis()));

        assertThat(one.admitAll(List.of(new Request(subject("lost"), 1, 2)), new int[] {1}))
                .as("its hold expired")
                .containsExactly(true);
        assertThat(first.commands().zcard(prefix + ":holds")).isZero();
    }

    /** The soak's case: every settlement of a consumer's lookups lost; the room comes back after the lifetime. */
    @Test
    void reservationsWhoseSettlementsAreAllLostFreeTheirRoomWhenTheyExpire() throws InterruptedException {
        VerificationGuard.Tally misses = new VerificationGuard.LookupMisses("dongguan-window");
        SharedRedis lost = new SharedRedis(RealServers.REDIS, Duration.ofMillis(250));
        RedisVerificationGuard losing = guard(lost, Duration.ofMillis(1500), Duration.ofMillis(50));
        one.reserve(misses, 1, 20).orElseThrow().settle(1);
        List<VerificationGuard.Reservation> unsettled = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            unsettled.add(losing.reserve(misses, 1, 20).orElseThrow());
        }
        long reserved = System.nanoTime();
        lost.close();
        unsettled.forEach(reservation -> reservation.settle(0)); // every attempt fails: the connection is closed
        assertCrowded(() -> other.reserve(misses, 1, 20)); // 1 booked + 19 live

        Thread.sleep(Math.max(
                0, 1600 - Duration.ofNanos(System.nanoTime() - reserved).toMillis()));

        for (int i = 0; i < 19; i++) {
            other.reserve(misses, 1, 20).orElseThrow().settle(0);
        }
        assertThat(other.reserve(misses, 19, 20)).as("the booked miss stays").isPresent();
        assertCrowded(() -> other.reserve(misses, 1, 20)); // 1 booked + 19 live
        assertThat(other.reserve(misses, 20, 20)).as("1 booked + 20 > 20").isEmpty();
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
            RedisVerificationGuard guard = guard(cut, LIFETIME, Duration.ofMillis(300), Duration.ofSeconds(1));
            VerificationGuard.Reservation reservation =
                    guard.reserve(misses, 1, 2).orElseThrow();
            proxy.down();

            reservation.settle(1);
            Thread.sleep(100);
            assertThat(first.commands().hget(hash, "booked"))
                    .as("not booked while Redis is unreachable")
                    .isNull();
            // The unsettled reservation still counts.
            assertCrowded(() -> other.reserve(misses, 2, 2));
            proxy.heal();

            String booked = null;
            for (int i = 0; i < 100 && booked == null; i++) {
                Thread.sleep(50);
                booked = first.commands().hget(hash, "booked");
            }
            assertThat(booked).as("booked by an attempt after Redis came back").isEqualTo("1");
            assertThat(first.commands().hget(hash, "pending"))
                    .as("nothing pending")
                    .isNull();
            assertThat(holdsOf(hash)).isEmpty();
            assertThat(other.reserve(misses, 1, 2)).isPresent();
            assertCrowded(() -> other.reserve(misses, 1, 2)); // 1 booked + 1 live
            assertThat(other.reserve(misses, 2, 2)).as("1 booked + 2 > 2").isEmpty();
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
                    guard(going, Duration.ofMillis(1500), Duration.ofMillis(50)),
                    local(),
                    new LocalQuotaStore(window, 2),
                    state);
            VerificationGuard.Reservation inRedis = guard.reserve(misses, 2, 2).orElseThrow();
            long reserved = System.nanoTime();
            assertThat(state.degraded()).isFalse();
            proxy.down();

            inRedis.settle(0);
            assertCrowded(() -> other.reserve(misses, 1, 2)); // still reserved in Redis
            VerificationGuard.Reservation local = guard.reserve(misses, 1, 2).orElseThrow();
            assertThat(state.degraded()).isTrue();
            assertCrowded(() -> guard.reserve(misses, 1, 2)); // the local share of 2 is 1
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

    /**
     * A caller with more lookups under way at once than its budget has left is taken in turn: a reservation that only
     * reservations under way stand in the way of waits for them (on another instance too) and gets their room when
     * they settle without booking anything; one whose room the guesses booked fill is refused at once.
     */
    @Test
    void aReservationCrowdedOnlyByReservationsUnderWayWaitsForThemInsteadOfBeingRefused() throws Exception {
        VerificationGuard.Tally misses = new VerificationGuard.LookupMisses("dongguan-window");
        RedisVerificationGuard patient = patient(Duration.ofSeconds(5), new WaitingRoom());
        List<VerificationGuard.Reservation> underWay = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            underWay.add(one.reserve(misses, 1, 3).orElseThrow());
        }
        long started = System.nanoTime();
        CompletableFuture<Optional<VerificationGuard.Reservation>> waiting =
                WaitingReservation.started(patient, misses, 1, 3, 200, "all three places are under way");
        underWay.get(0).settle(0); // found its record: nothing booked, its place free

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        underWay.get(1).settle(1);
        underWay.get(2).settle(1);
        long refusing = System.nanoTime();
        assertThat(patient.reserve(misses, 2, 3))
                .as("2 booked + 2 > 3: refused, not waiting")
                .isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - refusing)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void anEmptyBatchTouchesNothing() {
        assertThat(one.admitAll(List.of(), new int[0])).isEmpty();

        assertThat(first.commands().keys(prefix + ":*")).isEmpty();
    }

    /**
     * A consumer whose places in the waiting room are taken is crowded out at once, not after the wait, and the one
     * waiting gets its room when a reservation of the same instance settles.
     */
    @Test
    void aConsumerWithNoPlaceLeftToWaitIsCrowdedOutAtOnce() throws Exception {
        VerificationGuard.Tally misses = new VerificationGuard.LookupMisses("dongguan-window");
        RedisVerificationGuard patient = patient(Duration.ofSeconds(10), new WaitingRoom(4, 1));
        VerificationGuard.Reservation underWay = patient.reserve(misses, 1, 1).orElseThrow();
        CompletableFuture<Optional<VerificationGuard.Reservation>> waiting =
                WaitingReservation.started(patient, misses, 1, 1, 200, "waits in the consumer's one place");

        long started = System.nanoTime();
        assertThatThrownBy(() -> patient.reserve(misses, 1, 1)).isInstanceOf(VerificationGuard.CrowdedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(waiting).as("the first still waits").isNotDone();

        underWay.settle(0);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isPresent();
    }

    private String missesHash() {
        return prefix + ":misses:dongguan-window:" + window.today();
    }

    /** The reservations Redis holds for the consumer's lookups, once the settlements sent before have been applied. */
    private List<String> heldInRedis() {
        return holdsOf(missesHash());
    }

    /** The holds under way that reserved room in the tally {@code hash}. */
    private List<String> holdsOf(String hash) {
        return first.commands().zrange(prefix + ":holds", 0, -1).stream()
                .filter(hold -> first.commands().hexists(hold, hash))
                .toList();
    }

    /**
     * A lookup that found its record leaves its reservation as a spare: the next lookups of the consumer on this
     * instance take it without a round trip, while Redis still counts its room as taken; a miss on a spare books
     * one miss and frees the room, as any reservation's would.
     */
    @Test
    void aLookupThatFoundItsRecordLeavesItsRoomToTheNextLookupOfTheInstance() {
        VerificationGuard.Tally misses = new VerificationGuard.LookupMisses("dongguan-window");
        RedisVerificationGuard guard =
                sparing(Duration.ofSeconds(10), Duration.ofSeconds(10), CROWDED_WAIT, new WaitingRoom());
        guard.reserve(misses, 1, 20).orElseThrow().settle(0);
        List<String> held = heldInRedis();
        assertThat(held).hasSize(1);

        for (int i = 0; i < 5; i++) {
            guard.reserve(misses, 1, 20).orElseThrow().settle(0);
        }
        assertThat(heldInRedis()).as("the same reservation, asked for once").isEqualTo(held);
        assertThat(first.commands().hget(missesHash(), "pending")).isEqualTo("1");

        guard.reserve(misses, 1, 20).orElseThrow().settle(1);
        assertThat(heldInRedis()).isEmpty();
        assertThat(first.commands().hget(missesHash(), "pending"))
                .as("nothing pending")
                .isNull();
        assertThat(first.commands().hget(missesHash(), "booked")).isEqualTo("1");
    }

    /**
     * Spares are room taken for everybody else: this instance's own reservation that finds the room crowded by them
     * gives them back instead of waiting for them; another instance at the limit is crowded while one lies, and gets
     * its room once it has lain unused for the idle time.
     */
    @Test
    void aSpareHoldsItsRoomUntilItLiesUnusedOrItsOwnInstanceNeedsIt() throws Exception {
        VerificationGuard.Tally misses = new VerificationGuard.LookupMisses("dongguan-window");
        RedisVerificationGuard guard =
                sparing(Duration.ofSeconds(10), Duration.ofMillis(300), CROWDED_WAIT, new WaitingRoom());
        VerificationGuard.Reservation found = guard.reserve(misses, 1, 2).orElseThrow();
        VerificationGuard.Reservation foundToo = guard.reserve(misses, 1, 2).orElseThrow();
        found.settle(0);
        foundToo.settle(0);
        assertThat(heldInRedis()).as("two spares").hasSize(2);

        VerificationGuard.Reservation both = guard.reserve(misses, 2, 2).orElseThrow();
        assertThat(heldInRedis())
                .as("the spares given back, the two guesses reserved")
                .hasSize(1);
        both.settle(0);

        guard.reserve(misses, 1, 2).orElseThrow().settle(0);
        long lying = System.nanoTime();
        assertCrowded(() -> other.reserve(misses, 2, 2));
        RedisVerificationGuard patient = patient(Duration.ofSeconds(5), new WaitingRoom());
        assertThat(patient.reserve(misses, 2, 2))
                .as("the spare's room, once it lay unused")
                .isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - lying)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    /** A spare is used only while young: an old one is settled and a new reservation made in its place. */
    @Test
    void aSpareOlderThanItsUseIsSettledAndReplaced() throws InterruptedException {
        VerificationGuard.Tally misses = new VerificationGuard.LookupMisses("dongguan-window");
        RedisVerificationGuard guard =
                sparing(Duration.ofMillis(100), Duration.ofSeconds(10), CROWDED_WAIT, new WaitingRoom());
        guard.reserve(misses, 1, 20).orElseThrow().settle(0);
        List<String> held = heldInRedis();
        Thread.sleep(150);

        guard.reserve(misses, 1, 20).orElseThrow().settle(0);
        assertThat(heldInRedis()).hasSize(1).doesNotContainAnyElementsOf(held);
        assertThat(first.commands().hget(missesHash(), "pending")).isEqualTo("1");
    }

    /** While a reservation of the consumer waits on this instance, a lookup that found its record frees its room. */
    @Test
    void noSpareIsKeptWhileALookupOfTheInstanceWaitsForRoom() throws Exception {
        VerificationGuard.Tally misses = new VerificationGuard.LookupMisses("dongguan-window");
        RedisVerificationGuard guard =
                sparing(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5), new WaitingRoom());
        VerificationGuard.Reservation underWay = guard.reserve(misses, 1, 1).orElseThrow();
        CompletableFuture<Optional<VerificationGuard.Reservation>> waiting =
                WaitingReservation.started(guard, misses, 1, 1, 200, "the one place is under way");

        underWay.settle(0);
        assertThat(waiting.get(3, TimeUnit.SECONDS))
                .as("woken by the settlement, long before the spare's idle time")
                .isPresent();
    }
}
