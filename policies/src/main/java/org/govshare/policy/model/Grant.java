package org.govshare.policy.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An approved share request: a consumer may use these fields (READ or VERIFY) for this purpose, within these rows,
 * with these masks and quotas, between {@code validFrom} and {@code validUntil}.
 */
public record Grant(
        String id,
        String consumer,
        String purpose,
        Map<FieldCoordinate, Access> fields,
        List<RowFilter> rowFilters,
        Map<FieldCoordinate, MaskKind> masks,
        Quotas quotas,
        Instant validFrom,
        Instant validUntil,
        GrantStatus status) {
    public Grant {
        requireNonNull(id, "id is null");
        requireNonNull(consumer, "consumer is null");
        requireNonNull(purpose, "purpose is null");
        fields = Map.copyOf(new TreeMap<>(fields));
        rowFilters = List.copyOf(rowFilters);
        masks = Map.copyOf(masks);
        requireNonNull(quotas, "quotas is null");
        requireNonNull(validFrom, "validFrom is null");
        requireNonNull(validUntil, "validUntil is null");
        requireNonNull(status, "status is null");
        if (!validUntil.isAfter(validFrom)) {
            throw new IllegalArgumentException("grant " + id + " ends before it starts");
        }
        for (FieldCoordinate masked : masks.keySet()) {
            if (!fields.containsKey(masked)) {
                throw new IllegalArgumentException("grant " + id + " masks " + masked + ", which it does not grant");
            }
        }
    }

    /** Active and within its validity at {@code now}. */
    public boolean isActiveAt(Instant now) {
        return status == GrantStatus.ACTIVE && !now.isBefore(validFrom) && now.isBefore(validUntil);
    }
}
