package org.govshare.gateway.quota;

import java.util.List;
import java.util.Optional;
import org.govshare.gateway.verification.VerificationGuard;

/**
 * The verification guard's counters in Redis, or this instance's share of the limit while Redis is down (see
 * {@link Failover}).
 */
public final class FailoverVerificationGuard implements VerificationGuard {
    private final RedisVerificationGuard shared;
    private final VerificationGuard local;
    private final LocalQuotaStore shares;
    private final Failover failover;

    /** @param shares divides a limit into this instance's share */
    public FailoverVerificationGuard(
            RedisVerificationGuard shared, VerificationGuard local, LocalQuotaStore shares, RedisState state) {
        this.shared = shared;
        this.local = local;
        this.shares = shares;
        this.failover = new Failover(state);
    }

    @Override
    public Optional<Reservation> reserve(Tally tally, int guesses, int limit) {
        return failover.attempt(
                () -> shared.reserve(tally, guesses, limit).map(this::settledWhereverPossible),
                () -> local.reserve(tally, guesses, shares.share(limit)));
    }

    /** A batch in a few scripts in Redis, or, while Redis is down, each request against this instance's share. */
    @Override
    public boolean[] admitAll(List<Request> requests, int[] made) {
        return failover.attempt(
                () -> shared.admitAll(requests, made),
                () -> local.admitAll(
                        requests.stream()
                                .map(request ->
                                        new Request(request.tally(), request.guesses(), shares.share(request.limit())))
                                .toList(),
                        made));
    }

    /**
     * A reservation in Redis whose settlement may find Redis gone: the Redis guard sends it again a few times, and if
     * Redis stays away the reservation expires there after its lifetime (never later), so its room comes back. A
     * reservation taken here while Redis was down is settled here, in memory, whichever side decides by then.
     */
    private Reservation settledWhereverPossible(Reservation reservation) {
        return mismatches -> failover.attempt(() -> reservation.settle(mismatches));
    }
}
