package org.govshare.gateway.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.BatchUse;
import org.govshare.policy.model.ClaimBinding;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.GrantStatus;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.RowFilter;
import org.govshare.schema.catalog.Comparison;
import org.jspecify.annotations.Nullable;

/**
 * Grants as the admin API shows and changes them: a {@code GrantChangeInput} applied to a grant (revoke, renew,
 * narrow, widen, bind or unbind claims), a grant as the admin API shows it, and a change between two versions summarised line by line.
 */
final class GrantChanges {
    private GrantChanges() {}

    /** The grant after the change; the input names only what changes. */
    static Grant apply(Grant grant, AdminInputs.GrantChangeInput change) {
        Map<FieldCoordinate, Access> fields = new LinkedHashMap<>(grant.fields());
        Map<FieldCoordinate, MaskKind> masks = new LinkedHashMap<>(grant.masks());
        for (String removed : change.removeFields()) {
            FieldCoordinate field = coordinate(removed);
            fields.remove(field);
            masks.remove(field);
        }
        for (String narrowed : change.verifyOnly()) {
            FieldCoordinate field = coordinate(narrowed);
            if (fields.containsKey(field)) {
                fields.put(field, Access.VERIFY);
                masks.remove(field);
            }
        }
        for (AdminInputs.RequestedField added : change.addFields()) {
            fields.merge(
                    coordinate(added.field()),
                    access(added.access()),
                    (left, right) -> left == Access.READ || right == Access.READ ? Access.READ : Access.VERIFY);
        }
        Instant validUntil = change.validUntil() == null
                ? grant.validUntil()
                : change.validUntil().toInstant();
        if (!validUntil.isAfter(grant.validFrom())) {
            throw invalid("a grant must end after it starts (" + grant.validFrom() + ")");
        }
        GrantStatus status = change.revokes() ? GrantStatus.REVOKED : grant.status();
        List<ClaimBinding> bindings = new ArrayList<>(grant.claimBindings());
        List<FieldCoordinate> unbound =
                change.unbindClaims().stream().map(GrantChanges::coordinate).toList();
        bindings.removeIf(binding -> unbound.contains(binding.field()));
        List<ClaimBinding> bound =
                change.bindClaims().stream().map(GrantChanges::binding).toList();
        // The bindings given for a field replace the ones it had.
        bindings.removeIf(
                binding -> bound.stream().anyMatch(added -> added.field().equals(binding.field())));
        bindings.addAll(bound);
        // Bindings of fields no longer granted VERIFY go with them (a READ needs none, a removed field has none).
        bindings.removeIf(binding -> fields.get(binding.field()) != Access.VERIFY && !bound.contains(binding));
        try {
            return new Grant(
                    grant.id(),
                    grant.consumer(),
                    grant.purpose(),
                    fields,
                    grant.rowFilters(),
                    masks,
                    grant.quotas(),
                    grant.validFrom(),
                    validUntil,
                    status,
                    bindings,
                    // Batch use goes with the last VERIFY field: a grant without one has nothing to check in sets.
                    fields.containsValue(Access.VERIFY) ? grant.batchUse() : BatchUse.NONE);
        } catch (IllegalArgumentException e) {
            throw invalid(Objects.requireNonNullElse(e.getMessage(), "the changed grant is not valid"));
        }
    }

    private static Access access(String access) {
        try {
            return Access.valueOf(access);
        } catch (IllegalArgumentException e) {
            throw invalid("access must be READ or VERIFY");
        }
    }

    private static ClaimBinding binding(AdminInputs.ClaimBindingInput input) {
        Comparison comparison;
        try {
            comparison = Comparison.valueOf(input.comparison());
        } catch (IllegalArgumentException e) {
            throw invalid("comparison must be EQUALS, AT_LEAST or AT_MOST");
        }
        try {
            return new ClaimBinding(coordinate(input.field()), comparison, input.value());
        } catch (IllegalArgumentException e) {
            throw invalid(Objects.requireNonNullElse(e.getMessage(), "the changed grant is not valid"));
        }
    }

    static AdminViews.Grant view(Grant grant, Instant now) {
        List<AdminViews.GrantedField> fields = grant.fields().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(field -> {
                    MaskKind mask = grant.masks().get(field.getKey());
                    return new AdminViews.GrantedField(
                            field.getKey().toString(), field.getValue().name(), mask == null ? null : mask.name());
                })
                .toList();
        return new AdminViews.Grant(
                grant.id(),
                grant.consumer(),
                grant.purpose(),
                fields,
                grant.rowFilters().stream().map(RowFilter::toString).toList(),
                AdminViews.time(grant.validFrom()),
                AdminViews.time(grant.validUntil()),
                grant.status().name(),
                grant.isActiveAt(now),
                grant.quotas().requestsPerSecond(),
                grant.quotas().mismatchesPerSubjectPerDay(),
                grant.quotas().distinctSubjectsPerDay(),
                grant.quotas().rowsPerPage(),
                grant.quotas().lookupMissesPerDay(),
                grant.claimBindings().stream().map(ClaimBinding::toString).toList(),
                grant.batchUse().maximumSubjectsPerJob(),
                grant.batchUse().maximumSubjectsPerDay(),
                grant.batchUse().resultRetention().toString());
    }

    /** What changed between two states of a grant, one line per difference. */
    static List<String> summary(@Nullable Grant before, @Nullable Grant after) {
        List<String> lines = new ArrayList<>();
        if (before == null && after != null) {
            lines.add("created for " + after.consumer() + " / " + after.purpose());
        }
        if (after == null && before != null) {
            lines.add("removed");
        }
        Map<FieldCoordinate, Access> old = before == null ? Map.of() : before.fields();
        Map<FieldCoordinate, Access> neu = after == null ? Map.of() : after.fields();
        TreeSet<FieldCoordinate> all = new TreeSet<>(old.keySet());
        all.addAll(neu.keySet());
        for (FieldCoordinate field : all) {
            Access was = old.get(field);
            Access is = neu.get(field);
            if (was == null) {
                lines.add("+ " + field + " " + is);
            } else if (is == null) {
                lines.add("- " + field + " " + was);
            } else if (was != is) {
                lines.add("~ " + field + " " + was + " -> " + is);
            }
        }
        if (before != null && after != null) {
            if (before.status() != after.status()) {
                lines.add("status " + before.status() + " -> " + after.status());
            }
            if (!before.validUntil().equals(after.validUntil())) {
                lines.add("validUntil " + before.validUntil() + " -> " + after.validUntil());
            }
            if (!before.rowFilters().equals(after.rowFilters())) {
                lines.add("rowFilters " + before.rowFilters() + " -> " + after.rowFilters());
            }
            if (!before.masks().equals(after.masks())) {
                lines.add("masks " + before.masks() + " -> " + after.masks());
            }
            if (!before.claimBindings().equals(after.claimBindings())) {
                lines.add("claimBindings " + before.claimBindings() + " -> " + after.claimBindings());
            }
            if (!before.quotas().equals(after.quotas())) {
                lines.add("quotas " + before.quotas() + " -> " + after.quotas());
            }
        }
        return lines;
    }

    private static FieldCoordinate coordinate(String text) {
        try {
            return FieldCoordinate.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid("field must be a field coordinate (Type.field)");
        }
    }

    private static GovshareException invalid(String message) {
        return new GovshareException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
