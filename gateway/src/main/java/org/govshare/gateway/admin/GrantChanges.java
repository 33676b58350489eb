package org.govshare.gateway.admin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * narrow, widen, bind or unbind claims), a grant as a map, and a change between two versions summarised line by line.
 */
final class GrantChanges {
    private GrantChanges() {}

    /** The grant after the change; the input names only what changes. */
    static Grant apply(Grant grant, Map<String, Object> change) {
        Map<FieldCoordinate, Access> fields = new LinkedHashMap<>(grant.fields());
        Map<FieldCoordinate, MaskKind> masks = new LinkedHashMap<>(grant.masks());
        for (String removed : strings(change.get("removeFields"))) {
            FieldCoordinate field = coordinate(removed);
            fields.remove(field);
            masks.remove(field);
        }
        for (String narrowed : strings(change.get("verifyOnly"))) {
            FieldCoordinate field = coordinate(narrowed);
            if (fields.containsKey(field)) {
                fields.put(field, Access.VERIFY);
                masks.remove(field);
            }
        }
        if (change.get("addFields") instanceof List<?> added) {
            for (Object entry : added) {
                Map<?, ?> field = (Map<?, ?>) entry;
                Access access;
                try {
                    access = Access.valueOf(String.valueOf(field.get("access")));
                } catch (IllegalArgumentException e) {
                    throw invalid("access must be READ or VERIFY");
                }
                fields.merge(
                        coordinate(String.valueOf(field.get("field"))),
                        access,
                        (left, right) -> left == Access.READ || right == Access.READ ? Access.READ : Access.VERIFY);
            }
        }
        Instant validUntil =
                change.get("validUntil") instanceof OffsetDateTime until ? until.toInstant() : grant.validUntil();
        if (!validUntil.isAfter(grant.validFrom())) {
            throw invalid("a grant must end after it starts (" + grant.validFrom() + ")");
        }
        GrantStatus status = Boolean.TRUE.equals(change.get("revoke")) ? GrantStatus.REVOKED : grant.status();
        List<ClaimBinding> bindings = new ArrayList<>(grant.claimBindings());
        List<FieldCoordinate> unbound = strings(change.get("unbindClaims")).stream()
                .map(GrantChanges::coordinate)
                .toList();
        bindings.removeIf(binding -> unbound.contains(binding.field()));
        List<ClaimBinding> bound = new ArrayList<>();
        if (change.get("bindClaims") instanceof List<?> given) {
            for (Object entry : given) {
                bound.add(binding((Map<?, ?>) entry));
            }
        }
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
            throw invalid(String.valueOf(e.getMessage()));
        }
    }

    private static ClaimBinding binding(Map<?, ?> input) {
        Comparison comparison;
        try {
            comparison = Comparison.valueOf(String.valueOf(input.get("comparison")));
        } catch (IllegalArgumentException e) {
            throw invalid("comparison must be EQUALS, AT_LEAST or AT_MOST");
        }
        try {
            return new ClaimBinding(
                    coordinate(String.valueOf(input.get("field"))), comparison, String.valueOf(input.get("value")));
        } catch (IllegalArgumentException e) {
            throw invalid(String.valueOf(e.getMessage()));
        }
    }

    static Map<String, Object> view(Grant grant, Instant now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", grant.id());
        view.put("consumer", grant.consumer());
        view.put("purpose", grant.purpose());
        List<Map<String, Object>> fields = new ArrayList<>();
        grant.fields().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(field -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("field", field.getKey().toString());
            shown.put("access", field.getValue().name());
            MaskKind mask = grant.masks().get(field.getKey());
            shown.put("mask", mask == null ? null : mask.name());
            fields.add(shown);
        });
        view.put("fields", fields);
        view.put(
                "rowFilters",
                grant.rowFilters().stream().map(RowFilter::toString).toList());
        view.put("validFrom", grant.validFrom().atOffset(ZoneOffset.UTC));
        view.put("validUntil", grant.validUntil().atOffset(ZoneOffset.UTC));
        view.put("status", grant.status().name());
        view.put("inForce", grant.isActiveAt(now));
        view.put("requestsPerSecond", grant.quotas().requestsPerSecond());
        view.put("mismatchesPerSubjectPerDay", grant.quotas().mismatchesPerSubjectPerDay());
        view.put("distinctSubjectsPerDay", grant.quotas().distinctSubjectsPerDay());
        view.put("rowsPerPage", grant.quotas().rowsPerPage());
        view.put("lookupMissesPerDay", grant.quotas().lookupMissesPerDay());
        view.put(
                "claimBindings",
                grant.claimBindings().stream().map(ClaimBinding::toString).toList());
        view.put("batchSubjectsPerJob", grant.batchUse().maximumSubjectsPerJob());
        view.put("batchSubjectsPerDay", grant.batchUse().maximumSubjectsPerDay());
        view.put("batchResultRetention", grant.batchUse().resultRetention().toString());
        return view;
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

    private static List<String> strings(@Nullable Object value) {
        if (value == null) {
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        ((List<?>) value).forEach(item -> strings.add(String.valueOf(item)));
        return strings;
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
