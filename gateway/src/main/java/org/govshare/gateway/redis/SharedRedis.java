package org.govshare.gateway.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.event.connection.ConnectedEvent;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The one Redis connection the quotas share (Lettuce connections are thread-safe and pipeline concurrent commands).
 * Set up to fail fast rather than hang: short connect and command timeouts, commands refused at once while
 * disconnected (Lettuce would otherwise queue them without bound), reconnects at most a second apart; when Redis is
 * down at start, connecting is retried at most once a second by the commands that need it.
 */
public final class SharedRedis implements AutoCloseable {
    private final RedisClient client;
    private final ClientResources resources;
    private final RedisURI uri;
    private final Map<String, String> scripts = new ConcurrentHashMap<>();
    private volatile @Nullable StatefulRedisConnection<String, String> connection;
    private volatile long nextAttemptNanos;
    private final List<Runnable> lastWords = new CopyOnWriteArrayList<>();

    public SharedRedis(String url, Duration timeout) {
        this.uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.constant(Duration.ofMillis(500)))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
    }

    /** Synchronous commands on the shared connection; fails at once when Redis cannot be reached. */
    public RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> current = connection;
        return (current != null ? current : connect()).sync();
    }

    /** Asynchronous commands on the shared connection, for writes nobody waits for. */
    public RedisAsyncCommands<String, String> asyncCommands() {
        StatefulRedisConnection<String, String> current = connection;
        return (current != null ? current : connect()).async();
    }

    /**
     * A connection of its own for publish/subscribe (a subscribed connection takes no other commands); Lettuce
     * subscribes it again after a reconnect. Fails when Redis is unreachable.
     */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        return client.connectPubSub();
    }

    /** Runs {@code action} each time a connection to Redis is (re)established. */
    public void onConnected(Runnable action) {
        resources.eventBus().get().subscribe(event -> {
            if (event instanceof ConnectedEvent) {
                action.run();
            }
        });
    }

    /** The SHA1 of a Lua script, loaded once per connection's server (reloaded on NOSCRIPT by the caller). */
    public String scriptSha(String script) {
        return scripts.computeIfAbsent(script, text -> commands().scriptLoad(text));
    }

    /** Forgets the loaded scripts' SHA1s: after NOSCRIPT the server no longer has them (restart, SCRIPT FLUSH). */
    public void forgetScripts() {
        scripts.clear();
    }

    private synchronized StatefulRedisConnection<String, String> connect() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            return current;
        }
        if (System.nanoTime() < nextAttemptNanos) {
            throw new RedisConnectionException("Redis is unreachable; the next attempt is within a second");
        }
        try {
            StatefulRedisConnection<String, String> opened = client.connect();
            connection = opened;
            return opened;
        } catch (RedisConnectionException e) {
            nextAttemptNanos = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            throw e;
        }
    }

    /** Runs {@code action} when this closes, while the connection still answers (a last settlement). */
    public void beforeClose(Runnable action) {
        lastWords.add(action);
    }

    @Override
    public void close() {
        for (Runnable action : lastWords) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // Redis may be gone already: what was left to say is lost with the connection.
            }
        }
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown();
        resources.shutdown();
    }
}
