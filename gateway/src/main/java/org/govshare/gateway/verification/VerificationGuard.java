package org.govshare.gateway.verification;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.govshare.gateway.subject.Subject;

/**
 * The guessing defences, counted per day: a consumer's guesses about one subject (mismatched claims, and every range
 * claim that no grant binds, whichever record of the subject and whichever path they reach), and a consumer's
 * lookups and verifications by key that found no record. Once a tally has reached its limit, what would add to it is
 * refused until the day ends. Room for every guess is reserved before anything runs, so neither concurrent requests
 * nor aliases or many claims in one request can pass the limit. A reservation expires after a lifetime a little above
 * the request deadline: one whose settlement never reaches the counters holds its room that long at most, never until
 * the day ends, and a settlement that comes after its reservation expired still books its guesses.
 *
 * <p>Reservations under way are room taken, not guesses made: most settle without booking anything (a lookup that
 * found its record, a claim that matched). So a reservation that only they stand in the way of waits for them to
 * settle (at most {@link #CROWDED_WAIT}) instead of being refused, and is refused only when the guesses booked leave no
 * room; a caller with more lookups under way at once than its day's budget has left is thus taken in turn, not
 * refused (the side-by-side benchmark's 16 to 64 concurrent lookups under the default budget of 20 were).
 */
public interface VerificationGuard {
    /** How long a reservation waits, at most, while reservations under way (not guesses booked) fill the room. */
    Duration CROWDED_WAIT = Duration.ofSeconds(2);

    /**
     * The room stayed filled by reservations under way for as long as a reservation waits: nothing is booked against
     * the caller, who may try again at once.
     */
    final class CrowdedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CrowdedException() {
            super("the room is held by reservations under way", null, false, false);
        }
    }

    /** What guesses are counted against. */
    sealed interface Tally permits SubjectGuesses, LookupMisses {
        String consumer();
    }

    /** One consumer's guesses about one subject: all its records and fields, whichever path reaches them. */
    record SubjectGuesses(String consumer, Subject subject) implements Tally {
        public SubjectGuesses {
            requireNonNull(consumer, "consumer is null");
            requireNonNull(subject, "subject is null");
        }
    }

    /** One consumer's lookups and verifications by key that found no record (none, or none in its rows). */
    record LookupMisses(String consumer) implements Tally {
        public LookupMisses {
            requireNonNull(consumer, "consumer is null");
        }
    }

    /**
     * Reserves room for up to {@code guesses} more, or returns empty when the tally's guesses booked and these would
     * pass {@code limit}. While the reservations under way are what stands in the way, waits for them to settle (at
     * most the guard's crowded wait) and throws {@link CrowdedException} if they still do.
     */
    Optional<Reservation> reserve(Tally tally, int guesses, int limit);

    /** Room taken for one verification or lookup; settling it books the guesses made and frees the rest. */
    interface Reservation {
        /** Books {@code guesses} (at most the reserved number) and frees the rest; called exactly once. */
        void settle(int guesses);
    }

    /** Room asked for up to {@code guesses} more against {@code tally}, whose limit is {@code limit}. */
    record Request(Tally tally, int guesses, int limit) {
        public Request {
            requireNonNull(tally, "tally is null");
            if (guesses < 1 || limit < 1) {
                throw new IllegalArgumentException("guesses and limit must be at least 1");
            }
        }
    }

    /**
     * Reserves room for many requests at once (a verification job's batch of subjects): each is decided as
     * {@link #reserve} would decide it alone, in the order given, so a tally asked for twice counts both. A shared
     * store answers them in a round trip per many subjects instead of one per subject.
     */
    default Reservations reserveAll(List<Request> requests) {
        List<Optional<Reservation>> each = new ArrayList<>(requests.size());
        for (Request request : requests) {
            Optional<Reservation> reservation;
            try {
                reservation = reserve(request.tally(), request.guesses(), request.limit());
            } catch (CrowdedException e) {
                // Not granted this time; a job's subject stays pending for a later batch.
                reservation = Optional.empty();
            }
            each.add(reservation);
        }
        return Reservations.of(each);
    }

    /** The room taken by {@link #reserveAll}, request by request; settled together. */
    interface Reservations {
        /** Whether request {@code index} got its room. */
        boolean granted(int index);

        /**
         * Books {@code guesses[index]} for every granted request (at most what it reserved) and frees the rest;
         * called exactly once, with one entry per request (those not granted are ignored).
         */
        void settle(int[] guesses);

        /** Reservations made one at a time, settled one at a time. */
        static Reservations of(List<Optional<Reservation>> each) {
            List<Optional<Reservation>> copy = List.copyOf(each);
            return new Reservations() {
                @Override
                public boolean granted(int index) {
                    return copy.get(index).isPresent();
                }

                @Override
                public void settle(int[] guesses) {
                    for (int index = 0; index < copy.size(); index++) {
                        int made = guesses[index];
                        copy.get(index).ifPresent(reservation -> reservation.settle(made));
                    }
                }
            };
        }
    }
}
