package org.govshare.gateway.access;

import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.govshare.gateway.quota.SharedRedis;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a policy change take effect at once on every gateway instance: the instance that made it reloads its policy
 * and announces the new version on a Redis channel; every instance reloads when it hears one. Pub/sub delivers at most
 * once, so an instance also reloads whenever its connection to Redis is (re)established, and every few seconds
 * anyway ({@code govshare.policy.refresh}). Without Redis (one instance) the announcement is a no-op.
 */
public final class PolicyChanges implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PolicyChanges.class);

    private final PolicyService policies;
    private final @Nullable SharedRedis redis;
    private final String channel;
    private final AtomicReference<@Nullable StatefulRedisPubSubConnection<String, String>> subscription =
            new AtomicReference<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "policy-changes");
        thread.setDaemon(true);
        return thread;
    });

    public PolicyChanges(PolicyService policies, @Nullable SharedRedis redis, String keyPrefix) {
        this.policies = policies;
        this.redis = redis;
        this.channel = keyPrefix + ":policy";
        if (redis != null) {
            redis.onConnected(policies::refresh);
            subscribe(redis);
        }
    }

    /** Reloads this instance's policy and tells the others to reload theirs. */
    public void changed() {
        policies.refresh();
        if (redis != null) {
            try {
                redis.commands()
                        .publish(channel, String.valueOf(policies.current().version()));
            } catch (RedisException e) {
                log.warn("policy change not announced: other instances pick it up at their next reload", e);
            }
        }
    }

    private void subscribe(SharedRedis shared) {
        try {
            StatefulRedisPubSubConnection<String, String> connection = shared.connectPubSub();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String announced, String version) {
                    policies.refresh();
                }
            });
            connection.sync().subscribe(channel);
            subscription.set(connection);
        } catch (RedisException e) {
            // Redis is down at start: try again shortly; meanwhile the periodic reload keeps the policy current.
            log.warn("cannot subscribe to policy changes yet: {}", e.toString());
            retries.schedule(() -> subscribe(shared), Duration.ofSeconds(2).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
        StatefulRedisPubSubConnection<String, String> connection = subscription.get();
        if (connection != null) {
            connection.close();
        }
    }
}
