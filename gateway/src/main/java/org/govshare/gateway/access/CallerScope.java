package org.govshare.gateway.access;

import static java.util.Objects.requireNonNull;

import org.govshare.policy.model.Grant;
import org.govshare.policy.model.PolicySnapshot;
import org.jspecify.annotations.Nullable;

/**
 * What a caller's schema view and decisions depend on: the consumer, the purpose if the consumer holds any grant for
 * it, whether a purpose was declared, the policy version and the admin scope. A purpose the consumer holds no grant
 * for gets nothing, whatever its name: every such purpose is one scope, so inventing purposes adds no cache entries.
 */
record CallerScope(
        String consumer, @Nullable String grantedPurpose, boolean purposeDeclared, long policyVersion, boolean admin) {
    CallerScope {
        requireNonNull(consumer, "consumer is null");
    }

    static CallerScope of(Caller caller, PolicySnapshot policy) {
        String purpose = caller.purpose();
        boolean granted = false;
        if (purpose != null) {
            for (Grant grant : policy.grantsOf(caller.consumer())) {
                if (grant.purpose().equals(purpose)) {
                    granted = true;
                    break;
                }
            }
        }
        return new CallerScope(
                caller.consumer(), granted ? purpose : null, purpose != null, policy.version(), caller.isAdmin());
    }
}
