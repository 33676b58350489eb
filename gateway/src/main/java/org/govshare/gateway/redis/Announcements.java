package org.govshare.gateway.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis channel on which one instance announces a change (a policy or catalog version) and every instance hears it.
 * Pub/sub delivers at most once, so {@code onChange} also runs whenever the connection to Redis is (re)established;
 * whoever uses it reloads every few seconds anyway. Without Redis (one instance) announcing does nothing.
 */
public final class Announcements implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Announcements.class);

    private final @Nullable SharedRedis redis;
    private final String channel;
    private final AtomicReference<@Nullable StatefulRedisPubSubConnection<String, String>> subscription =
            new AtomicReference<>();
    private final ScheduledExecutorService retries;

    public Announcements(@Nullable SharedRedis redis, String channel, Runnable onChange) {
        this.redis = redis;
        this.channel = channel;
        this.retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "announcements-" + channel);
            thread.setDaemon(true);
            return thread;
        });
        if (redis != null) {
            redis.onConnected(onChange);
            subscribe(redis, onChange);
        }
    }

    /** Tells the other instances; a failure is logged: they pick the change up at their next reload. */
    public void announce(String message) {
        if (redis == null) {
            return;
        }
        try {
            redis.commands().publish(channel, message);
        } catch (RedisException e) {
            log.warn("change not announced on {}: other instances pick it up at their next reload", channel, e);
        }
    }

    private void subscribe(SharedRedis shared, Runnable onChange) {
        try {
            StatefulRedisPubSubConnection<String, String> connection = shared.connectPubSub();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String announced, String message) {
                    onChange.run();
                }
            });
            connection.sync().subscribe(channel);
            subscription.set(connection);
        } catch (RedisException e) {
            // Redis is down at start: try again shortly; meanwhile the periodic reload keeps things current.
            log.warn("cannot subscribe to {} yet: {}", channel, e.toString());
            retries.schedule(
                    () -> subscribe(shared, onChange), Duration.ofSeconds(2).toMillis(), TimeUnit.MILLISECONDS);
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
