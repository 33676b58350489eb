package org.govshare.gateway.quota;

import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
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
    /**
     * {@link #RESERVE} for every key in turn, in one round trip: a job's batch of subjects would otherwise wait for
     * Redis once per subject, which caps a job at one subject per round trip (not measured here; the benchmark of
     * {@code load-tests} shows the job's rate).
     * ARGV: the TTL, then (limit, guesses) per key.
     */
    private static final String RESERVE_ALL = """
            local granted = {}
            for i, key in ipairs(KEYS) do
              local counts = redis.call('HMGET', key, 'booked', 'reserved')
              local booked = tonumber(counts[1] or '0')
              local reserved = tonumber(counts[2] or '0')
              local guesses = tonumber(ARGV[2 * i + 1])
              if booked + reserved + guesses > tonumber(ARGV[2 * i]) then
                granted[i] = 0
              else
                redis.call('HINCRBY', key, 'reserved', guesses)
                redis.call('EXPIRE', key, ARGV[1])
                granted[i] = 1
              end
            end
            return granted
            """;
    /** {@link #SETTLE} for every key in turn. ARGV: the TTL, then (reserved, booked) per key. */
    private static final String SETTLE_ALL = """
            for i, key in ipairs(KEYS) do
              redis.call('HINCRBY', key, 'reserved', -tonumber(ARGV[2 * i]))
              redis.call('HINCRBY', key, 'booked', ARGV[2 * i + 1])
              redis.call('EXPIRE', key, ARGV[1])
            end
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

    /** Every request in one script, so one round trip; a request's room is exactly what {@link #reserve} gives. */
    @Override
    public Reservations reserveAll(List<Request> requests) {
        if (requests.isEmpty()) {
            return Reservations.of(List.of());
        }
        String[] keys = new String[requests.size()];
        String[] arguments = new String[1 + 2 * requests.size()];
        arguments[0] = TTL_SECONDS;
        for (int index = 0; index < keys.length; index++) {
            Request request = requests.get(index);
            keys[index] = key(request.tally());
            arguments[1 + 2 * index] = String.valueOf(request.limit());
            arguments[2 + 2 * index] = String.valueOf(request.guesses());
        }
        List<Long> answers = RedisQuotaStore.evaluate(redis, RESERVE_ALL, keys, arguments);
        boolean[] granted = new boolean[keys.length];
        for (int index = 0; index < granted.length; index++) {
            granted[index] = answers.get(index) == 1;
        }
        return new Reservations() {
            @Override
            public boolean granted(int index) {
                return granted[index];
            }

            @Override
            public void settle(int[] guesses) {
                List<String> settled = new ArrayList<>();
                List<String> counts = new ArrayList<>();
                counts.add(TTL_SECONDS);
                for (int index = 0; index < granted.length; index++) {
                    if (granted[index]) {
                        int reserved = requests.get(index).guesses();
                        settled.add(keys[index]);
                        counts.add(String.valueOf(reserved));
                        counts.add(String.valueOf(Math.min(Math.max(guesses[index], 0), reserved)));
                    }
                }
                if (settled.isEmpty()) {
                    return;
                }
                redis.asyncCommands()
                        .evalsha(
                                redis.scriptSha(SETTLE_ALL),
                                ScriptOutputType.MULTI,
                                settled.toArray(String[]::new),
                                counts.toArray(String[]::new))
                        .exceptionally(failure -> {
                            log.warn("guess reservations stay taken until their day ends: {}", failure.toString());
                            return null;
                        });
            }
        };
    }

    private String key(Tally tally) {
        if (tally instanceof SubjectGuesses subject) {
            return prefix + ":mismatch:" + subject.consumer() + ":" + digests.digest(subject.subject()) + ":"
                    + window.today();
        }
        return prefix + ":misses:" + tally.consumer() + ":" + window.today();
    }
}
