package org.govshare.policy.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One version of the policy: who made it, when and why. */
public record PolicyVersion(long version, Instant createdAt, String author, String reason) {
    public PolicyVersion {
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(author, "author is null");
        requireNonNull(reason, "reason is null");
    }
}
