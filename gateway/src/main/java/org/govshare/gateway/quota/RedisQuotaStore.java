package org.govshare.gateway.quota;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.govshare.gateway.subject.DailyWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quota counters in Redis, shared by every gateway instance: a token bucket per (consumer, purpose) on Redis's own
 * clock (so instances with skewed clocks agree), and a HyperLogLog of subject digests per (consumer, purpose, day) for
 * the distinct-subject ceilings; one Lua script checks both in one round trip. Keys expire on their own.
 */
public final class RedisQuotaStore implements QuotaStore {
    private static final Logger log = LoggerFactory.getLogger(RedisQuotaStore.class);

    /**
     * KEYS: the token bucket, the day's subjects. ARGV: requests per second (0: none), subject ceiling (0: none).
     * Checks the ceiling first (a refused request takes no token), then takes a token from a bucket that refills at
     * the rate up to the rate. Returns {refusal: 0 none, 1 rate, 2 subjects; microseconds to wait for a token}.
     */
    private static final String ADMIT = """
            local ceiling = tonumber(ARGV[2])
            if ceiling > 0 and redis.call('PFCOUNT', KEYS[2]) >= ceiling then
              return {2, 0}
            end
            local capacity = tonumber(ARGV[1])
            if capacity == 0 then
              return {0, 0}
            end
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1])
            local at = tonumber(state[2])
            if tokens == nil or at == nil then
              tokens = capacity
              at = now
            end
            tokens = math.min(capacity, tokens + (now - at) * capacity / 1000000)
            local refusal = 0
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
            else
              refusal = 1
              wait = math.ceil((1 - tokens) * 1000000 / capacity)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], 60000)
            return {refusal, wait}
            """;

    /** KEYS: the day's subjects. ARGV: its time to live in seconds, then the subject digests. */
    private static final String ADD_SUBJECTS = """
            redis.call('PFADD', KEYS[1], unpack(ARGV, 2))
            redis.call('EXPIRE', KEYS[1], ARGV[1])
            return {1}
            """;

    private static final long SUBJECTS_TTL_SECONDS = 2 * 24 * 3600;

    private final SharedRedis redis;
    private final String prefix;
    private final DailyWindow window;

    public RedisQuotaStore(SharedRedis redis, String prefix, DailyWindow window) {
        this.redis = redis;
        this.prefix = prefix;
        this.window = window;
    }

    @Override
    public Admission admit(QuotaKey key, int perSecond, long subjectCeiling) {
        List<Long> result = evaluate(
                redis,
                ADMIT,
                new String[] {prefix + ":rate:" + name(key), subjectsKey(key)},
                String.valueOf(perSecond),
                String.valueOf(subjectCeiling));
        if (result.get(0) == 0) {
            return Admission.ADMITTED;
        }
        if (result.get(0) == 2) {
            return new Admission(Admission.Refusal.SUBJECTS, window.secondsUntilTomorrow());
        }
        return new Admission(Admission.Refusal.RATE, Math.max(1, (result.get(1) + 999_999) / 1_000_000));
    }

    /** Counted asynchronously: the response does not wait for it (the ceiling may be passed by one request). */
    @Override
    public void addSubjects(QuotaKey key, Collection<String> subjectDigests) {
        if (subjectDigests.isEmpty()) {
            return;
        }
        List<String> arguments = new ArrayList<>();
        arguments.add(String.valueOf(SUBJECTS_TTL_SECONDS));
        arguments.addAll(subjectDigests);
        redis.asyncCommands()
                .evalsha(
                        redis.scriptSha(ADD_SUBJECTS),
                        ScriptOutputType.MULTI,
                        new String[] {subjectsKey(key)},
                        arguments.toArray(String[]::new))
                .exceptionally(failure -> {
                    log.warn("subjects not counted in Redis (they are counted locally): {}", failure.toString());
                    return null;
                });
    }

    private String subjectsKey(QuotaKey key) {
        return prefix + ":subjects:" + name(key) + ":" + window.today();
    }

    private static String name(QuotaKey key) {
        return key.consumer() + ":" + key.purpose();
    }

    /** Runs a script by its SHA1, loading it again if the server lost it (a restart). */
    static List<Long> evaluate(SharedRedis redis, String script, String[] keys, String... arguments) {
        try {
            return redis.commands().evalsha(redis.scriptSha(script), ScriptOutputType.MULTI, keys, arguments);
        } catch (RedisNoScriptException e) {
            redis.forgetScripts();
            return redis.commands().evalsha(redis.scriptSha(script), ScriptOutputType.MULTI, keys, arguments);
        }
    }
}
