package org.govshare.gateway.verification;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.govshare.gateway.subject.Subject;

/**
 * The guessing defences, counted per day: a consumer's guesses about one subject (mismatched claims, and every range
 * claim that no grant binds, whichever record of the subject and whichever path they reach), and a consumer's lookups
 * and verifications by key that found no record. Once a tally has reached its limit, what would add to it is refused
 * until the day ends. Room for every guess of a request is reserved before anything runs, so neither concurrent
 * requests nor aliases or many claims in one request can pass the limit; a verification job's batch, checked first, is
 * admitted and booked in one step before any of its outcomes is revealed ({@link #admitAll}). A reservation expires
 * after a lifetime a little above the request deadline: one whose settlement never reaches the counters holds its room
 * that long at most, never until the day ends, and a settlement that comes after its reservation expired still books
 * its guesses.
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

        /** What {@code made} guesses made book against this request's room: none below 0, at most those asked for. */
        public int booking(int made) {
            return Math.min(Math.max(made, 0), guesses);
        }
    }

    /**
     * Admits checks already made whose outcomes nobody has seen yet (a verification job's batch, checked at its source
     * before this is asked), deciding which outcomes may be revealed and booking their guesses in the same step. In
     * the order given (a tally asked for twice counts both), request {@code index} is admitted when {@link #reserve}
     * would grant its room for {@code guesses}, its claims' worst case, and the guesses it made, {@code made[index]}
     * (at most its guesses), are booked at once; one that is not admitted books nothing, and its outcome must be
     * withheld. Whether a request is admitted depends only on what was booked and reserved before it, never on its own
     * outcome, so a withheld outcome tells the caller nothing. A shared store decides many requests in a round trip,
     * where a reservation before the check and its settlement after it would take two and hold room in between.
     *
     * <p>A failure part way may leave some of the requests' guesses booked: the caller then reveals nothing, which errs
     * on refusing.
     */
    default boolean[] admitAll(List<Request> requests, int[] made) {
        if (made.length != requests.size()) {
            throw new IllegalArgumentException("one number of guesses made per request");
        }
        boolean[] admitted = new boolean[requests.size()];
        for (int index = 0; index < admitted.length; index++) {
            Request request = requests.get(index);
            Optional<Reservation> room;
            try {
                room = reserve(request.tally(), request.guesses(), request.limit());
            } catch (CrowdedException e) {
                room = Optional.empty();
            }
            if (room.isPresent()) {
                room.get().settle(request.booking(made[index]));
                admitted[index] = true;
            }
        }
        return admitted;
    }
}
