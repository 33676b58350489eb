package org.govshare.policy.store;

import static java.util.Objects.requireNonNull;

import org.govshare.policy.model.Grant;
import org.jspecify.annotations.Nullable;

/** A grant as one version changed it: created ({@code before} null), deleted ({@code after} null) or changed. */
public record GrantChange(
        long version,
        String grantId,
        @Nullable Grant before,
        @Nullable Grant after) {
    public GrantChange {
        requireNonNull(grantId, "grantId is null");
    }
}
