package org.govshare.gateway.quota;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.govshare.gateway.redis.SharedRedis;
import org.govshare.gateway.subject.DailyWindow;

/**
 * Quota counters in Redis, shared by every gateway instance: a token bucket per (consumer, purpose) on Redis's own
 * clock (so instances with skewed clocks agree), and a set of subject digests per (consumer, purpose, day) for the
 * distinct-subject ceilings (exact, and never larger than its ceiling: subjects beyond it are refused, not added); one
 * Lua script checks both before an operation, another admits its subjects before its rows leave. Keys expire on their
 * own.
 */
public final class RedisQuotaStore implements QuotaStore {
    /**
     * KEYS: the token bucket, the day's subjects. ARGV: requests per second (0: none), subject ceiling (0: none).
     * Checks the ceiling first (a refused request takes no token), then takes a token from a bucket that refills at
     * the rate up to the rate. Returns {refusal: 0 none, 1 rate, 2 subjects; microseconds to wait for a token}.
     */
    private static final String ADMIT = """
            local ceiling = tonumber(ARGV[2])
            if ceiling > 0 and redis.call('SCARD', KEYS[2]) >= ceiling then
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

    /**
     * KEYS: the day's subjects. ARGV: the ceiling, the set's time to live in seconds, then the subject digests. Adds
     * them all when the ones not there yet fit under the ceiling, none otherwise. Returns {1} admitted, {0} refused.
     */
    private static final String ADMIT_SUBJECTS = """
            local added = 0
            for i = 3, #ARGV do
              if redis.call('SISMEMBER', KEYS[1], ARGV[i]) == 0 then
                added = added + 1
              end
            end
            if added == 0 then
              return {1}
            end
            if redis.call('SCARD', KEYS[1]) + added > tonumber(ARGV[1]) then
              return {0}
            end
            redis.call('SADD', KEYS[1], unpack(ARGV, 3))
            redis.call('EXPIRE', KEYS[1], ARGV[2])
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

    @Override
    public Admission admitSubjects(QuotaKey key, Collection<String> subjectDigests, long subjectCeiling) {
        if (subjectDigests.isEmpty()) {
            return Admission.ADMITTED;
        }
        List<String> arguments = new ArrayList<>();
        arguments.add(String.valueOf(subjectCeiling));
        arguments.add(String.valueOf(SUBJECTS_TTL_SECONDS));
        arguments.addAll(new java.util.LinkedHashSet<>(subjectDigests));
        List<Long> admitted =
                evaluate(redis, ADMIT_SUBJECTS, new String[] {subjectsKey(key)}, arguments.toArray(String[]::new));
        return admitted.get(0) == 1
                ? Admission.ADMITTED
                : new Admission(Admission.Refusal.SUBJECTS, window.secondsUntilTomorrow());
    }

    private String subjectsKey(QuotaKey key) {
        return prefix + ":subject-set:" + name(key) + ":" + window.today();
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
