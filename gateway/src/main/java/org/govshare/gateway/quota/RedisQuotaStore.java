package org.govshare.gateway.quota;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.util.Collection;
import java.util.List;
import org.govshare.gateway.subject.DailyWindow;

/**
 * Quota counters in Redis, shared by every gateway instance: a token bucket per (consumer, purpose) as one Lua script
 * on Redis's own clock (so instances with skewed clocks agree), and a HyperLogLog of subject digests per (consumer,
 * purpose, day) for the distinct-subject ceilings. Keys expire on their own.
 */
public final class RedisQuotaStore implements QuotaStore {
    /** Refills at {@code capacity} per second up to {@code capacity}; returns {allowed, microseconds to wait}. */
    private static final String TOKEN_BUCKET = """
            local capacity = tonumber(ARGV[1])
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
            local allowed = 0
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            else
              wait = math.ceil((1 - tokens) * 1000000 / capacity)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], 60000)
            return {allowed, wait}
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
    public RateLimit tryAcquire(QuotaKey key, int perSecond) {
        List<Long> result =
                evaluate(redis, TOKEN_BUCKET, new String[] {prefix + ":rate:" + name(key)}, String.valueOf(perSecond));
        if (result.get(0) == 1) {
            return RateLimit.ALLOWED;
        }
        return new RateLimit(false, Math.max(1, (result.get(1) + 999_999) / 1_000_000));
    }

    @Override
    public long subjectsToday(QuotaKey key) {
        return redis.commands().pfcount(subjectsKey(key));
    }

    @Override
    public void addSubjects(QuotaKey key, Collection<String> subjectDigests) {
        if (subjectDigests.isEmpty()) {
            return;
        }
        String subjects = subjectsKey(key);
        redis.commands().pfadd(subjects, subjectDigests.toArray(String[]::new));
        redis.commands().expire(subjects, SUBJECTS_TTL_SECONDS);
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
