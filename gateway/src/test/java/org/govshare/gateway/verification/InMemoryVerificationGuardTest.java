package org.govshare.gateway.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.subject.Subject;
import org.govshare.gateway.testing.WaitingReservation;
import org.junit.jupiter.api.Test;

class InMemoryVerificationGuardTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Subject SUBJECT = new Subject("RESIDENT_ID_NUMBER", "44190019620315048X");
    private static final VerificationGuard.Tally BANK = new VerificationGuard.SubjectGuesses("bank", SUBJECT);
    private static final VerificationGuard.Tally OTHER_BANK =
            new VerificationGuard.SubjectGuesses("other-bank", SUBJECT);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T10:00:00Z"));
    private final Clock clock = new Clock() {
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
    private final DailyWindow window = new DailyWindow(clock, SHANGHAI);
    private final InMemoryVerificationGuard guard = new InMemoryVerificationGuard(
            window, 100, clock, Duration.ofSeconds(30), Duration.ofMillis(20), new WaitingRoom());

    /** Only reservations under way fill the room: the reservation waited for them, and they did not settle. */
    private void assertCrowded(VerificationGuard.Tally tally, int guesses, int limit) {
        assertThatThrownBy(() -> guard.reserve(tally, guesses, limit))
                .isInstanceOf(VerificationGuard.CrowdedException.class);
    }

    @Test
    void locksThePairOnceItsMismatchesReachTheLimitUntilTheDayEndsInItsZone() {
        guard.reserve(BANK, 2, 3).orElseThrow().settle(2);
        guard.reserve(BANK, 1, 3).orElseThrow().settle(1);

        assertThat(guard.reserve(BANK, 1, 3)).isEmpty();
        assertThat(guard.reserve(OTHER_BANK, 1, 3)).isPresent();
        assertThat(window.secondsUntilTomorrow()).isEqualTo(6 * 3600);
        // 2026-11-22T16:00Z is midnight in Shanghai: a new day, a new count.
        now.set(Instant.parse("2026-11-22T16:00:00Z"));
        assertThat(guard.reserve(BANK, 1, 3)).isPresent();
    }

    @Test
    void reservationsUnderWayCountSoConcurrentGuessesCannotOvershoot() {
        VerificationGuard.Reservation first = guard.reserve(BANK, 2, 3).orElseThrow();

        assertCrowded(BANK, 2, 3); // 2 reserved + 2 > 3
        VerificationGuard.Reservation second = guard.reserve(BANK, 1, 3).orElseThrow();
        assertCrowded(BANK, 1, 3);
        first.settle(0);
        second.settle(0);
        assertThat(guard.reserve(BANK, 3, 3)).isPresent();
    }

    @Test
    void everyGuessIsReservedSoOneVerificationCannotPassTheLimit() {
        guard.reserve(BANK, 2, 5).orElseThrow().settle(2);

        // Two booked: a verification of four claims could end at six, past five, so it is refused whole.
        assertThat(guard.reserve(BANK, 4, 5)).isEmpty();
        assertThat(guard.reserve(BANK, 8, 5)).isEmpty();
        guard.reserve(BANK, 3, 5).orElseThrow().settle(3);
        assertThat(guard.reserve(BANK, 1, 5)).isEmpty();
    }

    @Test
    void lookupMissesAreTheirOwnTallyPerConsumer() {
        VerificationGuard.Tally misses = new VerificationGuard.LookupMisses("office");
        for (int miss = 0; miss < 3; miss++) {
            guard.reserve(misses, 1, 3).orElseThrow().settle(1);
        }

        assertThat(guard.reserve(misses, 1, 3)).isEmpty();
        assertThat(guard.reserve(new VerificationGuard.LookupMisses("other-office"), 1, 3))
                .isPresent();
        assertThat(guard.reserve(new VerificationGuard.SubjectGuesses("office", SUBJECT), 1, 3))
                .isPresent();
    }

    @Test
    void aBatchIsAdmittedSubjectBySubjectAndBooksWhatEachMadeAtOnce() {
        VerificationGuard.Tally atLimit = new VerificationGuard.SubjectGuesses("fund", new Subject("R", "a"));
        VerificationGuard.Tally fresh = new VerificationGuard.SubjectGuesses("fund", new Subject("R", "b"));
        VerificationGuard.Tally nearly = new VerificationGuard.SubjectGuesses("fund", new Subject("R", "c"));
        guard.reserve(atLimit, 3, 3).orElseThrow().settle(3);
        guard.reserve(nearly, 2, 3).orElseThrow().settle(2);

        boolean[] admitted = guard.admitAll(
                List.of(
                        new VerificationGuard.Request(atLimit, 1, 3),
                        new VerificationGuard.Request(fresh, 1, 3),
                        new VerificationGuard.Request(nearly, 1, 3),
                        new VerificationGuard.Request(nearly, 1, 3),
                        new VerificationGuard.Request(fresh, 2, 3)),
                new int[] {1, 1, 1, 0, 0});

        assertThat(admitted).containsExactly(false, true, true, false, true);
        assertThat(guard.reserve(atLimit, 1, 3)).isEmpty();
        assertThat(guard.reserve(nearly, 1, 3)).as("2 + 1 booked").isEmpty();
        assertThat(guard.reserve(fresh, 3, 3)).as("1 booked").isEmpty();
        assertThat(guard.reserve(fresh, 2, 3)).isPresent();
    }

    @Test
    void matchesFreeTheirReservation() {
        for (int i = 0; i < 10; i++) {
            guard.reserve(BANK, 2, 3).orElseThrow().settle(0);
        }

        assertThat(guard.reserve(BANK, 3, 3)).isPresent();
    }

    @Test
    void aReservationNeverSettledHoldsItsRoomForItsLifetimeOnlyNotUntilTheDayEnds() {
        VerificationGuard.Tally misses = new VerificationGuard.LookupMisses("dongguan-window");
        for (int i = 0; i < 20; i++) {
            guard.reserve(misses, 1, 20).orElseThrow(); // settlements lost
        }
        assertCrowded(misses, 1, 20); // 20 live reservations

        now.set(now.get().plusSeconds(29));
        assertCrowded(misses, 1, 20); // still live at 29 s
        now.set(now.get().plusSeconds(1));

        for (int i = 0; i < 20; i++) {
            assertThat(guard.reserve(misses, 1, 20))
                    .as("room %d back after 30 s", i)
                    .isPresent();
        }
        assertCrowded(misses, 1, 20);
    }

    @Test
    void aLateSettlementBooksItsGuessesButFreesTheExpiredRoomOnlyOnce() {
        VerificationGuard.Reservation late = guard.reserve(BANK, 1, 2).orElseThrow();
        now.set(now.get().plusSeconds(31));
        VerificationGuard.Reservation second = guard.reserve(BANK, 1, 2).orElseThrow();
        guard.reserve(BANK, 1, 2).orElseThrow();

        late.settle(0);
        assertCrowded(BANK, 1, 2); // the expired room is not freed twice

        now.set(now.get().plusSeconds(31));
        second.settle(1);
        assertThat(guard.reserve(BANK, 1, 2)).as("1 booked after expiry + 1").isPresent();
        assertCrowded(BANK, 1, 2); // 1 booked + 1 live
        assertThat(guard.reserve(BANK, 2, 2)).as("1 booked + 2 > 2").isEmpty();
    }

    @Test
    void aReservationCrowdedOnlyByReservationsUnderWayIsGrantedWhenOneSettlesWithoutAGuess() throws Exception {
        InMemoryVerificationGuard patient = new InMemoryVerificationGuard(
                window, 100, clock, Duration.ofSeconds(30), Duration.ofSeconds(5), new WaitingRoom());
        VerificationGuard.Tally misses = new VerificationGuard.LookupMisses("office");
        VerificationGuard.Reservation first = patient.reserve(misses, 1, 2).orElseThrow();
        VerificationGuard.Reservation second = patient.reserve(misses, 1, 2).orElseThrow();
        CompletableFuture<Optional<VerificationGuard.Reservation>> waiting =
                WaitingReservation.started(patient, misses, 1, 2, 100, "both places under way");

        first.settle(0);

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isPresent();
        second.settle(1);
        assertThat(patient.reserve(misses, 2, 2))
                .as("1 booked + 2 > 2: refused at once")
                .isEmpty();
    }

    @Test
    void aConsumerWithNoPlaceLeftToWaitIsCrowdedOutAtOnceWhileItsWaiterWaitsOn() throws Exception {
        InMemoryVerificationGuard patient = new InMemoryVerificationGuard(
                window, 100, clock, Duration.ofSeconds(30), Duration.ofSeconds(10), new WaitingRoom(2, 1));
        VerificationGuard.Tally office = new VerificationGuard.LookupMisses("office");
        VerificationGuard.Tally bank = new VerificationGuard.LookupMisses("bank");
        VerificationGuard.Reservation held = patient.reserve(office, 1, 1).orElseThrow();
        VerificationGuard.Reservation bankHeld = patient.reserve(bank, 1, 1).orElseThrow();
        CompletableFuture<Optional<VerificationGuard.Reservation>> waiting =
                WaitingReservation.started(patient, office, 1, 1, 100, "waits in the office's one place");

        long started = System.nanoTime();
        assertThatThrownBy(() -> patient.reserve(office, 1, 1)).isInstanceOf(VerificationGuard.CrowdedException.class);
        assertThat(waiting).as("crowded out while the first still waits").isNotDone();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        CompletableFuture<Optional<VerificationGuard.Reservation>> bankWaiting =
                WaitingReservation.started(patient, bank, 1, 1, 100, "another consumer still has a place");

        held.settle(0);
        bankHeld.settle(0);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isPresent();
        assertThat(bankWaiting.get(5, TimeUnit.SECONDS)).isPresent();
    }
}
