package org.govshare.gateway.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.govshare.policy.workflow.Corrections;
import org.govshare.policy.workflow.ShareRequest;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogField;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.RelationField;
import org.jspecify.annotations.Nullable;

/**
 * The workflow's objects as the GraphQL APIs show them (consumer-facing and admin alike): one record per type of
 * {@code workflow/types.graphqls}, with the same names and fields.
 */
public final class WorkflowViews {
    private WorkflowViews() {}

    /** {@code CatalogResource}: one keyed type of the catalog and the fields of it that matched. */
    public record CatalogResource(
            String name,
            @Nullable String description,
            String source,
            String provider,
            @Nullable String updateFrequency,
            List<String> keyFields,
            List<CatalogItem> fields) {
        public CatalogResource {
            keyFields = List.copyOf(keyFields);
            fields = List.copyOf(fields);
        }
    }

    /** {@code CatalogItem}: one field of the catalog, its classification and share type. */
    public record CatalogItem(
            String coordinate,
            String name,
            @Nullable String description,
            String level,
            String category,
            String shareType,
            @Nullable String legalBasis,
            boolean relation) {}

    /** {@code ShareRequest}: a share request and the answer on each field. */
    public record ShareRequestView(
            String id,
            String consumer,
            String purpose,
            String justification,
            int caseVolume,
            int requestedDays,
            String submittedAt,
            String grantId,
            List<ShareRequestItem> items,
            List<ShareRequestEvent> history) {
        public ShareRequestView {
            items = List.copyOf(items);
            history = List.copyOf(history);
        }
    }

    /** {@code ShareRequestItem}: one requested field and where its answer stands. */
    public record ShareRequestItem(
            String field,
            String requestedAccess,
            @Nullable String grantedAccess,
            String source,
            String shareType,
            String status,
            String dueDate,
            boolean overdue,
            @Nullable String decidedAt,
            @Nullable String decidedBy,
            @Nullable String reason) {}

    /** {@code ShareRequestEvent}: one step of a share request's history. */
    public record ShareRequestEvent(
            String at,
            @Nullable String field,
            String actor,
            String action,
            @Nullable String reason) {}

    /** {@code Correction}: a correction report and its resolution. */
    public record CorrectionView(
            String id,
            String reporter,
            String type,
            String key,
            String field,
            String source,
            String description,
            String status,
            String reportedAt,
            @Nullable String resolvedAt,
            @Nullable String resolvedBy,
            @Nullable String resolution) {}

    /** The catalog's resources, narrowed by a text search and by source, level and share type where given. */
    public static List<CatalogResource> catalog(
            Catalog catalog,
            @Nullable String search,
            @Nullable String source,
            @Nullable String level,
            @Nullable String shareType) {
        String needle = search == null ? null : search.toLowerCase(Locale.ROOT);
        List<CatalogResource> resources = new ArrayList<>();
        for (CatalogType type : catalog.types().values()) {
            if (source != null && !type.source().equals(source)) {
                continue;
            }
            List<CatalogItem> fields = new ArrayList<>();
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
                resources.add(new CatalogResource(
                        type.name(),
                        type.description().orElse(null),
                        type.source(),
                        type.provider(),
                        type.updateFrequency().map(Enum::name).orElse(null),
                        type.keyFields(),
                        fields));
            }
        }
        return resources;
    }

    private static CatalogItem item(CatalogType type, CatalogField field) {
        return new CatalogItem(
                type.name() + "." + field.name(),
                field.name(),
                field.description().orElse(null),
                field.sharing().classification().level().name(),
                field.sharing().classification().category(),
                field.sharing().shareType().name(),
                field.sharing().legalBasis().orElse(null),
                field instanceof RelationField);
    }

    public static ShareRequestView shareRequest(ShareRequest request) {
        List<ShareRequestItem> items = request.items().stream()
                .map(item -> new ShareRequestItem(
                        item.field().toString(),
                        item.requested().name(),
                        item.granted() == null ? null : item.granted().name(),
                        item.source(),
                        item.shareType().name(),
                        item.status().name(),
                        item.due().toString(),
                        item.overdue(),
                        item.decidedAt() == null ? null : item.decidedAt().toString(),
                        item.decidedBy(),
                        item.reason()))
                .toList();
        List<ShareRequestEvent> history = request.history().stream()
                .map(event -> new ShareRequestEvent(
                        event.at().toString(), event.field(), event.actor(), event.action(), event.reason()))
                .toList();
        return new ShareRequestView(
                Long.toString(request.id()),
                request.consumer(),
                request.purpose(),
                request.justification(),
                request.caseVolume(),
                request.requestedDays(),
                request.submittedAt().toString(),
                request.grantId(),
                items,
                history);
    }

    public static CorrectionView correction(Corrections.Correction correction) {
        return new CorrectionView(
                Long.toString(correction.id()),
                correction.reporter(),
                correction.type(),
                correction.key(),
                correction.field(),
                correction.source(),
                correction.description(),
                correction.status().name(),
                correction.reportedAt().toString(),
                correction.resolvedAt() == null ? null : correction.resolvedAt().toString(),
                correction.resolvedBy(),
                correction.resolution());
    }
}
