package org.govshare.gateway.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.govshare.policy.workflow.Corrections;
import org.govshare.policy.workflow.ShareRequest;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogField;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.RelationField;
import org.jspecify.annotations.Nullable;

/** The workflow's objects as the GraphQL APIs show them (consumer-facing and admin alike). */
public final class WorkflowViews {
    private WorkflowViews() {}

    /** The catalog's resources, narrowed by a text search and by source, level and share type where given. */
    public static List<Map<String, Object>> catalog(
            Catalog catalog,
            @Nullable String search,
            @Nullable String source,
            @Nullable String level,
            @Nullable String shareType) {
        String needle = search == null ? null : search.toLowerCase(Locale.ROOT);
        List<Map<String, Object>> resources = new ArrayList<>();
        for (CatalogType type : catalog.types().values()) {
            if (source != null && !type.source().equals(source)) {
                continue;
            }
            List<Map<String, Object>> fields = new ArrayList<>();
            for (CatalogField field : type.fields().values()) {
                boolean matches = (level == null
                                || field.sharing()
                                        .classification()
                                        .level()
                                        .name()
                                        .equals(level))
                        && (shareType == null
                                || field.sharing().shareType().name().equals(shareType))
                        && (needle == null
                                || (type.name() + "." + field.name() + " "
                                                + field.description().orElse("") + " "
                                                + type.description().orElse("") + " " + type.provider() + " "
                                                + field.sharing()
                                                        .classification()
                                                        .category())
                                        .toLowerCase(Locale.ROOT)
                                        .contains(needle));
                if (matches) {
                    fields.add(item(type, field));
                }
            }
            if (!fields.isEmpty()) {
                Map<String, Object> resource = new LinkedHashMap<>();
                resource.put("name", type.name());
                resource.put("description", type.description().orElse(null));
                resource.put("source", type.source());
                resource.put("provider", type.provider());
                resource.put(
                        "updateFrequency",
                        type.updateFrequency().map(Enum::name).orElse(null));
                resource.put("keyFields", type.keyFields());
                resource.put("fields", fields);
                resources.add(resource);
            }
        }
        return resources;
    }

    private static Map<String, Object> item(CatalogType type, CatalogField field) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("coordinate", type.name() + "." + field.name());
        item.put("name", field.name());
        item.put("description", field.description().orElse(null));
        item.put("level", field.sharing().classification().level().name());
        item.put("category", field.sharing().classification().category());
        item.put("shareType", field.sharing().shareType().name());
        item.put("legalBasis", field.sharing().legalBasis().orElse(null));
        item.put("relation", field instanceof RelationField);
        return item;
    }

    public static Map<String, Object> shareRequest(ShareRequest request) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", String.valueOf(request.id()));
        view.put("consumer", request.consumer());
        view.put("purpose", request.purpose());
        view.put("justification", request.justification());
        view.put("caseVolume", request.caseVolume());
        view.put("requestedDays", request.requestedDays());
        view.put("submittedAt", request.submittedAt().toString());
        view.put("grantId", request.grantId());
        List<Map<String, Object>> items = new ArrayList<>();
        for (ShareRequest.Item item : request.items()) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("field", item.field().toString());
            shown.put("requestedAccess", item.requested().name());
            shown.put(
                    "grantedAccess",
                    item.granted() == null ? null : item.granted().name());
            shown.put("source", item.source());
            shown.put("shareType", item.shareType().name());
            shown.put("status", item.status().name());
            shown.put("dueDate", item.due().toString());
            shown.put("overdue", item.overdue());
            shown.put(
                    "decidedAt",
                    item.decidedAt() == null ? null : item.decidedAt().toString());
            shown.put("decidedBy", item.decidedBy());
            shown.put("reason", item.reason());
            items.add(shown);
        }
        view.put("items", items);
        List<Map<String, Object>> history = new ArrayList<>();
        for (ShareRequest.Event event : request.history()) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("at", event.at().toString());
            shown.put("field", event.field());
            shown.put("actor", event.actor());
            shown.put("action", event.action());
            shown.put("reason", event.reason());
            history.add(shown);
        }
        view.put("history", history);
        return view;
    }

    public static Map<String, Object> correction(Corrections.Correction correction) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", String.valueOf(correction.id()));
        view.put("reporter", correction.reporter());
        view.put("type", correction.type());
        view.put("key", correction.key());
        view.put("field", correction.field());
        view.put("source", correction.source());
        view.put("description", correction.description());
        view.put("status", correction.status().name());
        view.put("reportedAt", correction.reportedAt().toString());
        view.put(
                "resolvedAt",
                correction.resolvedAt() == null ? null : correction.resolvedAt().toString());
        view.put("resolvedBy", correction.resolvedBy());
        view.put("resolution", correction.resolution());
        return view;
    }
}
