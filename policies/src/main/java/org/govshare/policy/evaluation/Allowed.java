package org.govshare.policy.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.govshare.policy.model.ClaimBinding;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.Quotas;
import org.govshare.policy.model.RowFilter;

/**
 * An operation may run: the grant behind each field, the row filters per type that the source SQL must carry, the
 * masks per field, and the strictest quotas of the grants behind it. Carries the policy version it was decided under.
 * {@code claimBindings} holds, for each field the operation claims about only under bound comparisons, the claims
 * those grants admit (the claimed values are checked against them when the verification runs);
 * {@code lookupMissesCap} is the most lookup misses a day that the masks of the purpose's grants leave safe (0: no
 * mask bounds them).
 */
public record Allowed(
        String consumer,
        String purpose,
        long policyVersion,
        Map<FieldCoordinate, String> grantOfField,
        Map<String, List<RowFilter>> rowFiltersByType,
        Map<FieldCoordinate, MaskKind> masks,
        Quotas quotas,
        Map<FieldCoordinate, List<ClaimBinding>> claimBindings,
        int lookupMissesCap)
        implements Decision {
    public Allowed {
        requireNonNull(consumer, "consumer is null");
        requireNonNull(purpose, "purpose is null");
        grantOfField = Map.copyOf(grantOfField);
        rowFiltersByType = Map.copyOf(rowFiltersByType);
        masks = Map.copyOf(masks);
        requireNonNull(quotas, "quotas is null");
        claimBindings = claimBindings.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(
                        Map.Entry::getKey, entry -> List.copyOf(entry.getValue())));
        if (lookupMissesCap < 0) {
            throw new IllegalArgumentException("lookupMissesCap is negative");
        }
    }

    public List<RowFilter> rowFilters(String type) {
        return rowFiltersByType.getOrDefault(type, List.of());
    }

    public Set<String> grantIds() {
        return Set.copyOf(grantOfField.values());
    }

    /** The bound claims that claims about {@code field} must be one of; empty when claims about it are free. */
    public List<ClaimBinding> bindingsOf(FieldCoordinate field) {
        return claimBindings.getOrDefault(field, List.of());
    }
}
