package org.govshare.policy.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.Quotas;
import org.govshare.policy.model.RowFilter;

/**
 * An operation may run: the grant behind each field, the row filters per type that the source SQL must carry, the
 * masks per field, and the strictest quotas of the grants behind it. Carries the policy version it was decided under.
 */
public record Allowed(
        String consumer,
        String purpose,
        long policyVersion,
        Map<FieldCoordinate, String> grantOfField,
        Map<String, List<RowFilter>> rowFiltersByType,
        Map<FieldCoordinate, MaskKind> masks,
        Quotas quotas)
        implements Decision {
    public Allowed {
        requireNonNull(consumer, "consumer is null");
        requireNonNull(purpose, "purpose is null");
        grantOfField = Map.copyOf(grantOfField);
        rowFiltersByType = Map.copyOf(rowFiltersByType);
        masks = Map.copyOf(masks);
        requireNonNull(quotas, "quotas is null");
    }

    public List<RowFilter> rowFilters(String type) {
        return rowFiltersByType.getOrDefault(type, List.of());
    }

    public Set<String> grantIds() {
        return Set.copyOf(grantOfField.values());
    }
}
