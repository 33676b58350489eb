package org.govshare.policy.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.RowFilter;

/**
 * An operation may run: the grant behind each field, the row filters per type that the source SQL must carry, and
 * the masks per field. Carries the policy version it was decided under.
 */
public record Allowed(
        String consumer,
        String purpose,
        long policyVersion,
        Map<FieldCoordinate, String> grantOfField,
        Map<String, List<RowFilter>> rowFiltersByType,
        Map<FieldCoordinate, MaskKind> masks)
        implements Decision {
    public Allowed {
        requireNonNull(consumer, "consumer is null");
        requireNonNull(purpose, "purpose is null");
        grantOfField = Map.copyOf(grantOfField);
        rowFiltersByType = Map.copyOf(rowFiltersByType);
        masks = Map.copyOf(masks);
    }

    public List<RowFilter> rowFilters(String type) {
        return rowFiltersByType.getOrDefault(type, List.of());
    }

    public Set<String> grantIds() {
        return Set.copyOf(grantOfField.values());
    }
}
