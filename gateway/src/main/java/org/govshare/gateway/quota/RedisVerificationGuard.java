package org.govshare.gateway.quota;

import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.Optional;
import org.govshare.gateway.redis.SharedRedis;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.gateway.verification.VerificationGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guessing defences with their counters in Redis, shared by every instance: a hash per (tally, day) of guesses
 * booked and reserved, changed only by Lua scripts so a reservation is atomic. Redis holds subject digests, never ID
 * numbers. A reservation is taken on the request's path; it is settled without waiting (a settlement Redis misses
 * leaves the room reserved until the day's counter expires, which errs on the side of refusing).
 */
public final class RedisVerificationGuard implements VerificationGuard {
    private static final Logger log = LoggerFactory.getLogger(RedisVerificationGuard.class);

    private static final String RESERVE = """
            local booked = tonumber(redis.call('HGET', KEYS[1], 'booked') or '0')
            local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
            if booked + reserved + tonumber(ARGV[2]) > tonumber(ARGV[1]) then
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
    public Optional<Reservation> reserve(Tally tally, int guesses, int limit) {
        if (guesses < 1 || limit < 1) {
            throw new IllegalArgumentException("guesses and limit must be at least 1");
        }
        String[] key = {key(tally)};
        List<Long> reserved = RedisQuotaStore.evaluate(
                redis, RESERVE, key, String.valueOf(limit), String.valueOf(guesses), TTL_SECONDS);
        if (reserved.get(0) != 1) {
            return Optional.empty();
        }
        return Optional.of(made -> redis.asyncCommands()
                .evalsha(
                        redis.scriptSha(SETTLE),
                        ScriptOutputType.MULTI,
                        key,
                        String.valueOf(guesses),
                        String.valueOf(Math.min(Math.max(made, 0), guesses)))
                .exceptionally(failure -> {
                    log.warn("a guess reservation stays taken until its day ends: {}", failure.toString());
                    return null;
                }));
    }

    private String key(Tally tally) {
        if (tally instanceof SubjectGuesses subject) {
            return prefix + ":mismatch:" + subject.consumer() + ":" + digests.digest(subject.subject()) + ":"
                    + window.today();
        }
        return prefix + ":misses:" + tally.consumer() + ":" + window.today();
    }
}
