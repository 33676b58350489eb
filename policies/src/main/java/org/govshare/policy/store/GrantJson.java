package org.govshare.policy.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.BatchUse;
import org.govshare.policy.model.ClaimBinding;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.GrantStatus;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.Quotas;
import org.govshare.policy.model.RowFilter;
import org.govshare.schema.catalog.Comparison;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A grant as JSON, for the policy change log: every part written explicitly, so the format is stable. */
final class GrantJson {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private GrantJson() {}

    static @Nullable String write(@Nullable Grant grant) {
        return grant == null ? null : JSON.writeValueAsString(tree(grant));
    }

    /** Every part of the grant, in a fixed order; a grants file has the same form. */
    static ObjectNode tree(Grant grant) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", grant.id());
        node.put("consumer", grant.consumer());
        node.put("purpose", grant.purpose());
        ObjectNode fields = node.putObject("fields");
        grant.fields().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(field ->
                        fields.put(field.getKey().toString(), field.getValue().name()));
        ObjectNode masks = node.putObject("masks");
        grant.masks().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(mask ->
                        masks.put(mask.getKey().toString(), mask.getValue().name()));
        var filters = node.putArray("rowFilters");
        for (RowFilter filter : grant.rowFilters()) {
            filters.addObject()
                    .put("field", filter.field().toString())
                    .put("operator", filter.operator().name())
                    .put("value", filter.value());
        }
        node.putObject("quotas")
                .put("requestsPerSecond", grant.quotas().requestsPerSecond())
                .put("mismatchesPerSubjectPerDay", grant.quotas().mismatchesPerSubjectPerDay())
                .put("distinctSubjectsPerDay", grant.quotas().distinctSubjectsPerDay())
                .put("rowsPerPage", grant.quotas().rowsPerPage())
                .put("lookupMissesPerDay", grant.quotas().lookupMissesPerDay());
        var bindings = node.putArray("claimBindings");
        for (ClaimBinding binding : grant.claimBindings()) {
            bindings.addObject()
                    .put("field", binding.field().toString())
                    .put("comparison", binding.comparison().name())
                    .put("value", binding.value());
        }
        node.putObject("batchUse")
                .put("maximumSubjectsPerJob", grant.batchUse().maximumSubjectsPerJob())
                .put("maximumSubjectsPerDay", grant.batchUse().maximumSubjectsPerDay())
                .put("resultRetention", grant.batchUse().resultRetention().toString());
        node.put("validFrom", grant.validFrom().toString());
        node.put("validUntil", grant.validUntil().toString());
        node.put("status", grant.status().name());
        return node;
    }

    static @Nullable Grant read(@Nullable String json) {
        if (json == null) {
            return null;
        }
        JsonNode node = JSON.readTree(json);
        Map<FieldCoordinate, Access> fields = new LinkedHashMap<>();
        node.get("fields")
                .properties()
                .forEach(field -> fields.put(
                        FieldCoordinate.parse(field.getKey()),
                        Access.valueOf(field.getValue().asString())));
        Map<FieldCoordinate, MaskKind> masks = new LinkedHashMap<>();
        node.get("masks")
                .properties()
                .forEach(mask -> masks.put(
                        FieldCoordinate.parse(mask.getKey()),
                        MaskKind.valueOf(mask.getValue().asString())));
        List<RowFilter> filters = new ArrayList<>();
        node.get("rowFilters")
                .forEach(filter -> filters.add(new RowFilter(
                        FieldCoordinate.parse(filter.get("field").asString()),
                        RowFilter.Operator.valueOf(filter.get("operator").asString()),
                        filter.get("value").asString())));
        List<ClaimBinding> bindings = new ArrayList<>();
        // Grants written before claim bindings existed have none.
        JsonNode bound = node.get("claimBindings");
        if (bound != null) {
            bound.forEach(binding -> bindings.add(new ClaimBinding(
                    FieldCoordinate.parse(binding.get("field").asString()),
                    Comparison.valueOf(binding.get("comparison").asString()),
                    binding.get("value").asString())));
        }
        JsonNode quotas = node.get("quotas");
        JsonNode lookupMisses = quotas.get("lookupMissesPerDay");
        return new Grant(
                node.get("id").asString(),
                node.get("consumer").asString(),
                node.get("purpose").asString(),
                fields,
                filters,
                masks,
                new Quotas(
                        quotas.get("requestsPerSecond").asInt(),
                        quotas.get("mismatchesPerSubjectPerDay").asInt(),
                        quotas.get("distinctSubjectsPerDay").asInt(),
                        quotas.get("rowsPerPage").asInt(),
                        lookupMisses == null ? 0 : lookupMisses.asInt()),
                Instant.parse(node.get("validFrom").asString()),
                Instant.parse(node.get("validUntil").asString()),
                GrantStatus.valueOf(node.get("status").asString()),
                bindings,
                batchUse(node.get("batchUse")));
    }

    /** Grants written before batch use existed have none. */
    private static BatchUse batchUse(@Nullable JsonNode node) {
        if (node == null) {
            return BatchUse.NONE;
        }
        return new BatchUse(
                node.get("maximumSubjectsPerJob").asInt(),
                node.get("maximumSubjectsPerDay").asInt(),
                Duration.parse(node.get("resultRetention").asString()));
    }
}
