package org.govshare.policy.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An approved share request: a consumer may use these fields (READ or VERIFY) for this purpose, within these rows,
 * with these masks and quotas, between {@code validFrom} and {@code validUntil}. A VERIFY field may carry
 * {@code claimBindings}: then only the bound comparisons may be claimed about it (see {@link ClaimBinding}).
 * {@code batchUse} says whether its VERIFY fields may be checked in batch verification jobs, within which limits.
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
        GrantStatus status,
        List<ClaimBinding> claimBindings,
        BatchUse batchUse) {
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
        claimBindings = List.copyOf(claimBindings);
        for (ClaimBinding binding : claimBindings) {
            // A binding narrows VERIFY; on a READ field it would promise a limit the value itself defeats.
            if (fields.get(binding.field()) != Access.VERIFY) {
                throw new IllegalArgumentException(
                        "grant " + id + " binds claims about " + binding.field() + ", which it does not grant VERIFY");
            }
        }
        requireNonNull(batchUse, "batchUse is null");
        if (batchUse.allowed() && !fields.containsValue(Access.VERIFY)) {
            throw new IllegalArgumentException("grant " + id + " allows batch use but grants no VERIFY field");
        }
        if (quotas.lookupMissesPerDay() > 0) {
            for (MaskKind mask : masks.values()) {
                if (mask.maximumLookupMissesPerDay() > 0
                        && quotas.lookupMissesPerDay() > mask.maximumLookupMissesPerDay()) {
                    throw new IllegalArgumentException("grant " + id + " masks " + mask + " yet allows "
                            + quotas.lookupMissesPerDay() + " lookup misses a day: at most "
                            + mask.maximumLookupMissesPerDay() + " keep the masked part out of reach");
                }
            }
        }
    }

    /** A grant without batch use. */
    public Grant(
            String id,
            String consumer,
            String purpose,
            Map<FieldCoordinate, Access> fields,
            List<RowFilter> rowFilters,
            Map<FieldCoordinate, MaskKind> masks,
            Quotas quotas,
            Instant validFrom,
            Instant validUntil,
            GrantStatus status,
            List<ClaimBinding> claimBindings) {
        this(
                id,
                consumer,
                purpose,
                fields,
                rowFilters,
                masks,
                quotas,
                validFrom,
                validUntil,
                status,
                claimBindings,
                BatchUse.NONE);
    }

    /** A grant without claim bindings. */
    public Grant(
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
        this(id, consumer, purpose, fields, rowFilters, masks, quotas, validFrom, validUntil, status, List.of());
    }

    /** The bindings of claims about {@code field}; empty when claims about it are not bound. */
    public List<ClaimBinding> bindingsOf(FieldCoordinate field) {
        return claimBindings.stream()
                .filter(binding -> binding.field().equals(field))
                .toList();
    }

    /** Active and within its validity at {@code now}. */
    public boolean isActiveAt(Instant now) {
        return status == GrantStatus.ACTIVE && !now.isBefore(validFrom) && now.isBefore(validUntil);
    }
}
