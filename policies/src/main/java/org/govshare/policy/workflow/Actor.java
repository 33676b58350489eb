package org.govshare.policy.workflow;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Who takes a workflow step: a consumer (its id), a provider's steward ({@code stewardOf} the sources it keeps) or the
 * authority (流通管理权: arbitration, grants, rules).
 */
public record Actor(String id, boolean authority, Set<String> stewardOf) {
    public Actor {
        requireNonNull(id, "id is null");
        stewardOf = Set.copyOf(stewardOf);
    }

    public static Actor consumer(String id) {
        return new Actor(id, false, Set.of());
    }

    public boolean stewards(String source) {
        return stewardOf.contains(source);
    }
}
