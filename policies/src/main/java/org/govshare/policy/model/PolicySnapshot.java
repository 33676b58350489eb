package org.govshare.policy.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every grant as loaded at one policy version, indexed by consumer so that a decision looks only at the caller's own
 * grants: its cost does not grow with the number of other consumers.
 */
public final class PolicySnapshot {
    private final long version;
    private final Map<String, List<Grant>> grantsByConsumer;

    public PolicySnapshot(long version, List<Grant> grants) {
        this.version = version;
        Map<String, List<Grant>> index = new HashMap<>();
        for (Grant grant : grants) {
            index.computeIfAbsent(grant.consumer(), consumer -> new ArrayList<>())
                    .add(grant);
        }
        index.replaceAll((consumer, list) -> List.copyOf(list));
        this.grantsByConsumer = Collections.unmodifiableMap(index);
    }

    public long version() {
        return version;
    }

    public List<Grant> grantsOf(String consumer) {
        return grantsByConsumer.getOrDefault(requireNonNull(consumer, "consumer is null"), List.of());
    }

    /** The caller's grants that allow anything at {@code now}, for one purpose or (purpose null) for any. */
    public List<Grant> activeGrants(String consumer, @Nullable String purpose, Instant now) {
        List<Grant> active = new ArrayList<>();
        for (Grant grant : grantsOf(consumer)) {
            if (grant.isActiveAt(now) && (purpose == null || grant.purpose().equals(purpose))) {
                active.add(grant);
            }
        }
        return active;
    }

    /**
     * The first moment after {@code now} at which one of the caller's grants for the purpose starts or ends; a
     * decision made at {@code now} holds until then (for this policy version).
     */
    public Instant nextChange(String consumer, @Nullable String purpose, Instant now) {
        Instant next = Instant.MAX;
        for (Grant grant : grantsOf(consumer)) {
            if (purpose != null && !grant.purpose().equals(purpose)) {
                continue;
            }
            if (grant.validFrom().isAfter(now) && grant.validFrom().isBefore(next)) {
                next = grant.validFrom();
            }
            if (grant.validUntil().isAfter(now) && grant.validUntil().isBefore(next)) {
                next = grant.validUntil();
            }
        }
        return next;
    }

    public int consumerCount() {
        return grantsByConsumer.size();
    }
}
