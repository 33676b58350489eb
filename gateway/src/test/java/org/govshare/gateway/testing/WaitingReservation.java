package org.govshare.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.govshare.gateway.verification.VerificationGuard;

/** A reservation asked for on another thread, checked to be waiting (crowded) before the test goes on. */
public final class WaitingReservation {
    private WaitingReservation() {}

    /**
     * Asks {@code guard} for {@code guesses} against {@code tally} on another thread and checks, after
     * {@code settleMillis}, that the reservation still waits ({@code why} says for what).
     */
    public static CompletableFuture<Optional<VerificationGuard.Reservation>> started(
            VerificationGuard guard,
            VerificationGuard.Tally tally,
            int guesses,
            int limit,
            long settleMillis,
            String why)
            throws InterruptedException {
        CompletableFuture<Optional<VerificationGuard.Reservation>> waiting =
                CompletableFuture.supplyAsync(() -> guard.reserve(tally, guesses, limit));
        Thread.sleep(settleMillis);
        assertThat(waiting).as(why).isNotDone();
        return waiting;
    }
}
