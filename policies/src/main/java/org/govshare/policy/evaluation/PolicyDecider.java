package org.govshare.policy.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.ClaimBinding;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.policy.model.Quotas;
import org.govshare.policy.model.RowFilter;
import org.govshare.schema.catalog.Comparison;
import org.jspecify.annotations.Nullable;

/**
 * Decides on a whole operation before anything runs. Deny by default: a field is allowed only when an active grant of
 * the caller, for the declared purpose, covers it with the access the operation needs. Every row filter of the
 * purpose's active grants applies (they narrow, never widen), and a field masked by any covering grant stays masked.
 *
 * <p>A claim (VERIFY) is covered by a VERIFY grant of its field, whose claim bindings (if any) must admit its
 * comparison, or by an unmasked READ grant: a masked value is not there to be compared, so a masked READ never opens
 * a claim about the full value. A verification {@code verifyT} needs its own root grant {@code Query.verifyT}; it is
 * never inferred from grants of the fields it claims about.
 */
public final class PolicyDecider {
    /** How a grant covers one field use. */
    private enum Coverage {
        NONE,
        /** Under claim bindings: the claimed value must be a bound one. */
        BOUND,
        FREE
    }

    private PolicyDecider() {}

    public static Decision decide(
            PolicySnapshot policy, String consumer, @Nullable String purpose, Collection<FieldUse> uses, Instant now) {
        if (purpose == null || purpose.isBlank()) {
            return new Refused(Refused.Reason.PURPOSE_REQUIRED, List.of());
        }
        // In id order: the same grants give the same decision (reasons, masks, filters, and so the same plan), whatever
        // order the store listed them in.
        List<Grant> grants = byId(policy.activeGrants(consumer, purpose, now));
        if (grants.isEmpty()) {
            return new Refused(Refused.Reason.PURPOSE_NOT_GRANTED, List.of());
        }
        Map<FieldCoordinate, String> grantOfField = new TreeMap<>();
        Map<FieldCoordinate, MaskKind> masks = new HashMap<>();
        Map<FieldCoordinate, List<ClaimBinding>> bindings = new HashMap<>();
        List<FieldCoordinate> freelyClaimed = new ArrayList<>();
        List<DeniedField> denied = new ArrayList<>();
        for (FieldUse use : uses) {
            Grant covering = null;
            List<ClaimBinding> admitting = new ArrayList<>();
            boolean free = false;
            for (Grant grant : grants) {
                Coverage coverage = coverage(grant, use);
                if (coverage == Coverage.NONE) {
                    continue;
                }
                covering = covering == null || grant.id().compareTo(covering.id()) < 0 ? grant : covering;
                if (coverage == Coverage.FREE) {
                    free = true;
                } else {
                    admitting.addAll(grant.bindingsOf(use.field()));
                }
                MaskKind mask = grant.masks().get(use.field());
                if (mask != null && use.access() == Access.READ) {
                    // Masked by any covering grant; where two mask it differently, the mask of the lowest grant id
                    // holds.
                    masks.putIfAbsent(use.field(), mask);
                }
            }
            if (covering == null) {
                denied.add(new DeniedField(
                        use.field(),
                        use.path(),
                        use.claim(),
                        "no active grant of " + consumer + " for " + purpose + " allows " + use.access() + " on "
                                + use.field()
                                + use.comparison()
                                        .map(comparison -> " (" + comparison + ")")
                                        .orElse("")));
                continue;
            }
            // The reason for a field read and claimed about in one operation is the grant that lets it be read.
            if (use.access() == Access.READ) {
                grantOfField.put(use.field(), covering.id());
            } else {
                grantOfField.putIfAbsent(use.field(), covering.id());
            }
            if (use.access() == Access.VERIFY) {
                if (free) {
                    freelyClaimed.add(use.field());
                } else {
                    bindings.computeIfAbsent(use.field(), field -> new ArrayList<>())
                            .addAll(admitting.stream()
                                    .filter(binding -> use.comparison().orElse(null) == binding.comparison())
                                    .toList());
                }
            }
        }
        if (!denied.isEmpty()) {
            return new Refused(Refused.Reason.FORBIDDEN_FIELD, denied);
        }
        // A field that some grant lets the caller claim about freely is not bound, whatever other grants say.
        freelyClaimed.forEach(bindings::remove);
        bindings.replaceAll((field, admitted) -> List.copyOf(new LinkedHashSet<>(admitted)));
        // Each once: a filter two grants share narrows no further.
        Map<String, Set<RowFilter>> rowFilterSets = new LinkedHashMap<>();
        for (Grant grant : grants) {
            for (RowFilter filter : grant.rowFilters()) {
                rowFilterSets
                        .computeIfAbsent(filter.field().type(), type -> new LinkedHashSet<>())
                        .add(filter);
            }
        }
        Map<String, List<RowFilter>> rowFilters = new LinkedHashMap<>();
        rowFilterSets.forEach((type, filters) -> rowFilters.put(type, List.copyOf(filters)));
        // Every active grant of the purpose limits the operation, as every one of their row filters does.
        Quotas quotas = Quotas.strictest(grants.stream().map(Grant::quotas).toList());
        return new Allowed(
                consumer,
                purpose,
                policy.version(),
                grantOfField,
                rowFilters,
                masks,
                quotas,
                bindings,
                lookupMissesCap(grants));
    }

    /**
     * The fields the caller may use, with the strongest access any active grant gives: for one purpose, or (purpose
     * null) the union over all its purposes. This is what the caller's schema shows.
     */
    public static Map<FieldCoordinate, Access> visibleFields(
            PolicySnapshot policy, String consumer, @Nullable String purpose, Instant now) {
        return visibility(policy, consumer, purpose, now).fields();
    }

    /**
     * The fields the caller may use and the claims it may make, for one purpose or (purpose null) the union over all
     * its purposes: what the caller's schema shows.
     */
    public static Visibility visibility(PolicySnapshot policy, String consumer, @Nullable String purpose, Instant now) {
        Map<FieldCoordinate, Access> visible = new TreeMap<>();
        Map<FieldCoordinate, Set<Comparison>> claims = new TreeMap<>();
        for (Grant grant : policy.activeGrants(consumer, purpose, now)) {
            grant.fields().forEach((field, access) -> {
                visible.merge(
                        field,
                        access,
                        (left, right) -> left == Access.READ || right == Access.READ ? Access.READ : Access.VERIFY);
                Set<Comparison> comparisons = claims.computeIfAbsent(field, key -> EnumSet.noneOf(Comparison.class));
                if (access == Access.READ && !grant.masks().containsKey(field)) {
                    comparisons.addAll(EnumSet.allOf(Comparison.class));
                } else if (access == Access.VERIFY) {
                    List<ClaimBinding> bound = grant.bindingsOf(field);
                    if (bound.isEmpty()) {
                        comparisons.addAll(EnumSet.allOf(Comparison.class));
                    } else {
                        bound.forEach(binding -> comparisons.add(binding.comparison()));
                    }
                }
            });
        }
        claims.values().removeIf(Set::isEmpty);
        return new Visibility(visible, claims);
    }

    private static Coverage coverage(Grant grant, FieldUse use) {
        Access granted = grant.fields().get(use.field());
        if (granted == null || !granted.covers(use.access())) {
            return Coverage.NONE;
        }
        if (use.access() == Access.READ) {
            return Coverage.FREE;
        }
        if (granted == Access.READ) {
            // What the caller sees masked it may not confirm in full either: no claim about a masked field.
            return grant.masks().containsKey(use.field()) ? Coverage.NONE : Coverage.FREE;
        }
        List<ClaimBinding> bound = grant.bindingsOf(use.field());
        if (bound.isEmpty()) {
            return Coverage.FREE;
        }
        Comparison comparison = use.comparison().orElse(null);
        return bound.stream().anyMatch(binding -> binding.comparison() == comparison) ? Coverage.BOUND : Coverage.NONE;
    }

    private static List<Grant> byId(List<Grant> grants) {
        return grants.stream().sorted(Comparator.comparing(Grant::id)).toList();
    }

    /** The strictest lookup-miss bound the masks of the purpose's grants set (0: none). */
    private static int lookupMissesCap(List<Grant> grants) {
        int cap = 0;
        for (Grant grant : grants) {
            for (MaskKind mask : grant.masks().values()) {
                int bound = mask.maximumLookupMissesPerDay();
                if (bound > 0 && (cap == 0 || bound < cap)) {
                    cap = bound;
                }
            }
        }
        return cap;
    }
}
