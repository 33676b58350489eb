package org.govshare.gateway.quota;

import java.util.List;
import java.util.Optional;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.subject.Subject;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.gateway.verification.VerificationGuard;

/**
 * The verification guessing defence with its counters in Redis, shared by every instance: a hash per (consumer,
 * subject digest, day) of mismatches booked and reserved, changed only by Lua scripts so a reservation is atomic.
 * Redis holds subject digests, never ID numbers.
 */
public final class RedisVerificationGuard implements VerificationGuard {
    private static final String RESERVE = """
            local booked = tonumber(redis.call('HGET', KEYS[1], 'booked') or '0')
            local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
            if booked + reserved >= tonumber(ARGV[1]) then
              return {0}
            end
            redis.call('HINCRBY', KEYS[1], 'reserved', ARGV[2])
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            return {1}
            """;
    private static final String SETTLE = """
            redis.call('HINCRBY', KEYS[1], 'reserved', -tonumber(ARGV[1]))
            redis.call('HINCRBY', KEYS[1], 'booked', ARGV[2])
            return {1}
            """;
    private static final String TTL_SECONDS = String.valueOf(2 * 24 * 3600);

    private final SharedRedis redis;
    private final String prefix;
    private final SubjectDigests digests;
    private final DailyWindow window;

    public RedisVerificationGuard(SharedRedis redis, String prefix, SubjectDigests digests, DailyWindow window) {
        this.redis = redis;
        this.prefix = prefix;
        this.digests = digests;
        this.window = window;
    }

    @Override
    public Optional<Reservation> reserve(String consumer, Subject subject, int claims, int limit) {
        String[] key = {prefix + ":mismatch:" + consumer + ":" + digests.digest(subject) + ":" + window.today()};
        List<Long> reserved = RedisQuotaStore.evaluate(
                redis, RESERVE, key, String.valueOf(limit), String.valueOf(claims), TTL_SECONDS);
        if (reserved.get(0) != 1) {
            return Optional.empty();
        }
        return Optional.of(mismatches -> RedisQuotaStore.evaluate(
                redis, SETTLE, key, String.valueOf(claims), String.valueOf(Math.min(Math.max(mismatches, 0), claims))));
    }
}
