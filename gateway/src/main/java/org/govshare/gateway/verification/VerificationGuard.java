package org.govshare.gateway.verification;

import java.util.Optional;
import org.govshare.gateway.subject.Subject;

/**
 * The guessing defence of verification: mismatched claims count against the (consumer, subject) pair for the current
 * window (a day); once a pair has reached its limit, further verifications of that subject by that consumer are
 * refused until the window ends. Room for a verification's claims is reserved before it runs, so that concurrent
 * requests and aliases in one request cannot overshoot the limit by more than one verification's claims.
 */
public interface VerificationGuard {
    /**
     * Reserves room for up to {@code claims} mismatches, or returns empty when the pair has no room left (its
     * mismatches and the reservations under way have reached {@code limit}).
     */
    Optional<Reservation> reserve(String consumer, Subject subject, int claims, int limit);

    /** Room taken for one verification; settling it books the mismatches and frees the rest. */
    interface Reservation {
        /** Books {@code mismatches} (at most the reserved number) and frees the rest; called exactly once. */
        void settle(int mismatches);
    }
}
