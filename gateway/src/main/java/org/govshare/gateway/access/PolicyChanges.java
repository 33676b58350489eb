package org.govshare.gateway.access;

import org.govshare.gateway.redis.Announcements;
import org.govshare.gateway.redis.SharedRedis;
import org.jspecify.annotations.Nullable;

/**
 * Makes a policy change take effect at once on every gateway instance: the instance that made it reloads its policy
 * and announces the new version on a Redis channel; every instance reloads when it hears one. Pub/sub delivers at most
 * once, so an instance also reloads whenever its connection to Redis is (re)established, and every few seconds
 * anyway ({@code govshare.policy.refresh}). Without Redis (one instance) the announcement is a no-op.
 */
public final class PolicyChanges implements AutoCloseable {
    private final PolicyService policies;
    private final Announcements announcements;

    public PolicyChanges(PolicyService policies, @Nullable SharedRedis redis, String keyPrefix) {
        this.policies = policies;
        this.announcements = new Announcements(redis, keyPrefix + ":policy", policies::refresh);
    }

    /** Reloads this instance's policy and tells the others to reload theirs. */
    public void changed() {
        policies.refresh();
        announcements.announce(String.valueOf(policies.current().version()));
    }

    @Override
    public void close() {
        announcements.close();
    }
}
