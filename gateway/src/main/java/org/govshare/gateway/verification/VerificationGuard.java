package org.govshare.gateway.verification;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.govshare.gateway.subject.Subject;

/**
 * The guessing defences, counted per day: a consumer's guesses about one subject (mismatched claims, and every range
 * claim that no grant binds, whichever record of the subject and whichever path they reach), and a consumer's
 * lookups and verifications by key that found no record. Once a tally has reached its limit, what would add to it is
 * refused until the day ends. Room for every guess is reserved before anything runs, so neither concurrent requests
 * nor aliases or many claims in one request can pass the limit.
 */
public interface VerificationGuard {
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
     * Reserves room for up to {@code guesses} more, or returns empty when the tally's guesses, the reservations under
     * way and these together would pass {@code limit}.
     */
    Optional<Reservation> reserve(Tally tally, int guesses, int limit);

    /** Room taken for one verification or lookup; settling it books the guesses made and frees the rest. */
    interface Reservation {
        /** Books {@code guesses} (at most the reserved number) and frees the rest; called exactly once. */
        void settle(int guesses);
    }
}
