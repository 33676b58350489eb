package org.govshare.policy.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.policy.model.Quotas;
import org.govshare.policy.model.RowFilter;
import org.jspecify.annotations.Nullable;

/**
 * Decides on a whole operation before anything runs. Deny by default: a field is allowed only when an active grant of
 * the caller, for the declared purpose, covers it with the access the operation needs. Every row filter of the
 * purpose's active grants applies (they narrow, never widen), and a field masked by any covering grant stays masked.
 */
public final class PolicyDecider {
    private PolicyDecider() {}

    public static Decision decide(
            PolicySnapshot policy, String consumer, @Nullable String purpose, Collection<FieldUse> uses, Instant now) {
        if (purpose == null || purpose.isBlank()) {
            return new Refused(Refused.Reason.PURPOSE_REQUIRED, List.of());
        }
        List<Grant> grants = policy.activeGrants(consumer, purpose, now);
        if (grants.isEmpty()) {
            return new Refused(Refused.Reason.PURPOSE_NOT_GRANTED, List.of());
        }
        Map<FieldCoordinate, String> grantOfField = new TreeMap<>();
        Map<FieldCoordinate, MaskKind> masks = new HashMap<>();
        List<DeniedField> denied = new ArrayList<>();
        for (FieldUse use : uses) {
            Grant covering = null;
            for (Grant grant : grants) {
                Access granted = grant.fields().get(use.field());
                if (granted != null && granted.covers(use.access())) {
                    covering = covering == null || grant.id().compareTo(covering.id()) < 0 ? grant : covering;
                    MaskKind mask = grant.masks().get(use.field());
                    if (mask != null) {
                        masks.put(use.field(), mask);
                    }
                }
            }
            if (covering == null) {
                denied.add(new DeniedField(
                        use.field(),
                        use.path(),
                        use.claim(),
                        "no active grant of " + consumer + " for " + purpose + " allows " + use.access() + " on "
                                + use.field()));
            } else {
                grantOfField.put(use.field(), covering.id());
            }
        }
        if (!denied.isEmpty()) {
            return new Refused(Refused.Reason.FORBIDDEN_FIELD, denied);
        }
        Map<String, List<RowFilter>> rowFilters = new LinkedHashMap<>();
        for (Grant grant : grants) {
            for (RowFilter filter : grant.rowFilters()) {
                rowFilters
                        .computeIfAbsent(filter.field().type(), type -> new ArrayList<>())
                        .add(filter);
            }
        }
        // Every active grant of the purpose limits the operation, as every one of their row filters does.
        Quotas quotas = Quotas.strictest(grants.stream().map(Grant::quotas).toList());
        return new Allowed(consumer, purpose, policy.version(), grantOfField, rowFilters, masks, quotas);
    }

    /**
     * The fields the caller may use, with the strongest access any active grant gives: for one purpose, or (purpose
     * null) the union over all its purposes. This is what the caller's schema shows.
     */
    public static Map<FieldCoordinate, Access> visibleFields(
            PolicySnapshot policy, String consumer, @Nullable String purpose, Instant now) {
        Map<FieldCoordinate, Access> visible = new TreeMap<>();
        for (Grant grant : policy.activeGrants(consumer, purpose, now)) {
            grant.fields()
                    .forEach((field, access) -> visible.merge(
                            field,
                            access,
                            (left, right) ->
                                    left == Access.READ || right == Access.READ ? Access.READ : Access.VERIFY));
        }
        return visible;
    }
}
