package org.govshare.policy.store;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * A deployment's grants as a file under version control ({@value #FORMAT}, YAML): read for an import, written for an
 * export, in the same form, so an exported file imports to the same grants. Reading is strict: an unknown key, a
 * missing one, a malformed value or a grant id given twice is a problem naming the grant, and every problem of the
 * file is reported.
 */
public final class GrantsFile {
    /** The format this version reads and writes; a file names it in {@code format}. */
    public static final String FORMAT = "govshare-grants/1";

    private static final Set<String> FILE_KEYS = Set.of("format", "grants");
    private static final Set<String> GRANT_KEYS = Set.of(
            "id",
            "consumer",
            "purpose",
            "validFrom",
            "validUntil",
            "status",
            "fields",
            "masks",
            "rowFilters",
            "quotas",
            "claimBindings",
            "batchUse");
    private static final Set<String> BATCH_KEYS =
            Set.of("maximumSubjectsPerJob", "maximumSubjectsPerDay", "resultRetention");
    private static final Set<String> FILTER_KEYS = Set.of("field", "operator", "value");
    private static final Set<String> BINDING_KEYS = Set.of("field", "comparison", "value");
    private static final String[] QUOTA_KEYS = {
        "requestsPerSecond", "mismatchesPerSubjectPerDay", "distinctSubjectsPerDay", "rowsPerPage", "lookupMissesPerDay"
    };
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    /** The grants of a file, or the problems that keep it from being read (then no grant is given). */
    public record Read(List<Grant> grants, List<String> problems) {
        public Read {
            grants = List.copyOf(grants);
            problems = List.copyOf(problems);
        }
    }

    private GrantsFile() {}

    public static Read read(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            String at = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            return new Read(List.of(), List.of(at + "not a YAML grants file (" + e.getOriginalMessage() + ")"));
        }
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            return new Read(List.of(), List.of("a grants file is a map with format and grants"));
        }
        unknownKeys(root, FILE_KEYS, "the file", problems);
        if (!FORMAT.equals(text(root, "format"))) {
            problems.add("format must be " + FORMAT);
        }
        JsonNode list = root.get("grants");
        if (list == null || !list.isArray()) {
            problems.add("grants must be a list");
            return new Read(List.of(), problems);
        }
        List<Grant> grants = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String id = text(node, "id");
            String name = "grant " + (i + 1) + (id == null ? "" : " (" + id + ")");
            if (id != null && !ids.add(id)) {
                problems.add(name + ": the id is given twice");
            }
            Grant grant = grant(node, name, problems);
            if (grant != null) {
                grants.add(grant);
            }
        }
        return problems.isEmpty() ? new Read(grants, List.of()) : new Read(List.of(), problems);
    }

    /** The grants as a file, after the comment lines of {@code header}. */
    public static String write(List<Grant> grants, List<String> header) {
        ObjectNode root = YAML.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode list = root.putArray("grants");
        for (Grant grant : grants) {
            ObjectNode node = GrantJson.tree(grant);
            // A file leaves out what a grant does not have.
            if (grant.masks().isEmpty()) {
                node.remove("masks");
            }
            if (grant.rowFilters().isEmpty()) {
                node.remove("rowFilters");
            }
            if (grant.claimBindings().isEmpty()) {
                node.remove("claimBindings");
            }
            if (!grant.batchUse().allowed()) {
                node.remove("batchUse");
            }
            list.add(node);
        }
        StringBuilder text = new StringBuilder();
        header.forEach(line -> text.append("# ").append(line).append('\n'));
        return text.append(YAML.writeValueAsString(root)).toString();
    }

    private static @Nullable Grant grant(JsonNode node, String name, List<String> problems) {
        if (!node.isObject()) {
            problems.add(name + ": a grant is a map");
            return null;
        }
        int before = problems.size();
        unknownKeys(node, GRANT_KEYS, name, problems);
        String id = required(node, "id", name, problems);
        String consumer = required(node, "consumer", name, problems);
        String purpose = required(node, "purpose", name, problems);
        Instant validFrom = instant(node, "validFrom", name, problems);
        Instant validUntil = instant(node, "validUntil", name, problems);
        GrantStatus status = node.has("status")
                ? constant(GrantStatus.class, text(node, "status"), name + ": status", problems)
                : GrantStatus.ACTIVE;
        Map<FieldCoordinate, Access> fields = new LinkedHashMap<>();
        JsonNode fieldNode = node.get("fields");
        if (fieldNode == null || !fieldNode.isObject() || fieldNode.isEmpty()) {
            problems.add(name + ": fields must map at least one field coordinate to READ or VERIFY");
        } else {
            fieldNode.properties().forEach(field -> {
                FieldCoordinate coordinate = coordinate(field.getKey(), name, problems);
                Access access =
                        constant(Access.class, field.getValue().asString(), name + ": " + field.getKey(), problems);
                if (coordinate != null && access != null) {
                    fields.put(coordinate, access);
                }
            });
        }
        Map<FieldCoordinate, MaskKind> masks = new LinkedHashMap<>();
        JsonNode maskNode = node.get("masks");
        if (maskNode != null && !maskNode.isObject()) {
            problems.add(name + ": masks must map field coordinates to a mask");
        } else if (maskNode != null) {
            maskNode.properties().forEach(mask -> {
                FieldCoordinate coordinate = coordinate(mask.getKey(), name, problems);
                MaskKind kind = constant(
                        MaskKind.class, mask.getValue().asString(), name + ": mask of " + mask.getKey(), problems);
                if (coordinate != null && kind != null) {
                    masks.put(coordinate, kind);
                }
            });
        }
        List<RowFilter> filters = new ArrayList<>();
        JsonNode filterNode = node.get("rowFilters");
        if (filterNode != null && !filterNode.isArray()) {
            problems.add(name + ": rowFilters must be a list");
        } else if (filterNode != null) {
            for (JsonNode filter : filterNode) {
                String where = name + ": row filter";
                unknownKeys(filter, FILTER_KEYS, where, problems);
                FieldCoordinate field = coordinate(required(filter, "field", where, problems), name, problems);
                RowFilter.Operator operator =
                        constant(RowFilter.Operator.class, text(filter, "operator"), where + " operator", problems);
                String value = required(filter, "value", where, problems);
                if (field != null && operator != null && value != null) {
                    filters.add(new RowFilter(field, operator, value));
                }
            }
        }
        List<ClaimBinding> bindings = new ArrayList<>();
        JsonNode bindingNode = node.get("claimBindings");
        if (bindingNode != null && !bindingNode.isArray()) {
            problems.add(name + ": claimBindings must be a list");
        } else if (bindingNode != null) {
            for (JsonNode binding : bindingNode) {
                String where = name + ": claim binding";
                unknownKeys(binding, BINDING_KEYS, where, problems);
                FieldCoordinate field = coordinate(required(binding, "field", where, problems), name, problems);
                Comparison comparison =
                        constant(Comparison.class, text(binding, "comparison"), where + " comparison", problems);
                String value = required(binding, "value", where, problems);
                if (field != null && comparison != null && value != null) {
                    try {
                        bindings.add(new ClaimBinding(field, comparison, value));
                    } catch (IllegalArgumentException e) {
                        problems.add(where + ": " + e.getMessage());
                    }
                }
            }
        }
        Quotas quotas = quotas(node.get("quotas"), name, problems);
        BatchUse batchUse = batchUse(node.get("batchUse"), name, problems);
        if (problems.size() > before) {
            return null;
        }
        try {
            return new Grant(
                    id,
                    consumer,
                    purpose,
                    fields,
                    filters,
                    masks,
                    quotas,
                    validFrom,
                    validUntil,
                    status,
                    bindings,
                    batchUse);
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.add(name + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * {@code batchUse: {maximumSubjectsPerJob: 1000000, maximumSubjectsPerDay: 2000000, resultRetention: P7D}}; none
     * when absent.
     */
    private static BatchUse batchUse(@Nullable JsonNode node, String name, List<String> problems) {
        if (node == null) {
            return BatchUse.NONE;
        }
        String where = name + ": batchUse";
        if (!node.isObject()) {
            problems.add(where + " must be a map");
            return BatchUse.NONE;
        }
        int before = problems.size();
        unknownKeys(node, BATCH_KEYS, where, problems);
        int[] limits = new int[2];
        String[] keys = {"maximumSubjectsPerJob", "maximumSubjectsPerDay"};
        for (int i = 0; i < keys.length; i++) {
            JsonNode value = node.get(keys[i]);
            if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
                problems.add(where + "." + keys[i] + " must be a whole number");
            } else {
                limits[i] = value.asInt();
            }
        }
        String retention = text(node, "resultRetention");
        Duration parsed = Duration.ZERO;
        try {
            parsed = Duration.parse(retention == null ? "" : retention);
        } catch (DateTimeParseException e) {
            problems.add(where + ".resultRetention must be an ISO-8601 duration such as P7D");
        }
        if (problems.size() > before) {
            return BatchUse.NONE;
        }
        try {
            return new BatchUse(limits[0], limits[1], parsed);
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
            return BatchUse.NONE;
        }
    }

    private static Quotas quotas(@Nullable JsonNode node, String name, List<String> problems) {
        if (node == null) {
            return Quotas.NONE;
        }
        if (!node.isObject()) {
            problems.add(name + ": quotas must be a map");
            return Quotas.NONE;
        }
        unknownKeys(node, Set.of(QUOTA_KEYS), name + ": quotas", problems);
        String[] keys = QUOTA_KEYS;
        int[] values = new int[keys.length];
        int[] defaults = {0, 0, 0, Quotas.NONE.rowsPerPage(), 0};
        for (int i = 0; i < keys.length; i++) {
            JsonNode value = node.get(keys[i]);
            if (value == null) {
                values[i] = defaults[i];
            } else if (value.canConvertToInt() && value.isIntegralNumber()) {
                values[i] = value.asInt();
            } else {
                problems.add(name + ": quotas." + keys[i] + " must be a whole number");
            }
        }
        try {
            return new Quotas(values[0], values[1], values[2], values[3], values[4]);
        } catch (IllegalArgumentException e) {
            problems.add(name + ": quotas: " + e.getMessage());
            return Quotas.NONE;
        }
    }

    private static void unknownKeys(JsonNode node, Set<String> known, String where, List<String> problems) {
        if (!node.isObject()) {
            problems.add(where + " must be a map");
            return;
        }
        node.propertyNames().forEach(key -> {
            if (!known.contains(key)) {
                problems.add(where + ": unknown key " + key);
            }
        });
    }

    private static @Nullable String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || !value.isValueNode() || value.isNull() ? null : value.asString();
    }

    private static @Nullable String required(JsonNode node, String key, String where, List<String> problems) {
        String value = text(node, key);
        if (value == null || value.isBlank()) {
            problems.add(where + ": " + key + " is required");
            return null;
        }
        return value;
    }

    private static @Nullable Instant instant(JsonNode node, String key, String where, List<String> problems) {
        String value = required(node, key, where, problems);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(where + ": " + key + " must be an ISO-8601 instant (2026-01-01T00:00:00Z)");
            return null;
        }
    }

    private static @Nullable FieldCoordinate coordinate(@Nullable String text, String where, List<String> problems) {
        if (text == null) {
            return null;
        }
        try {
            return FieldCoordinate.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + text + " is not a field coordinate (Type.field)");
            return null;
        }
    }

    private static <E extends Enum<E>> @Nullable E constant(
            Class<E> type, @Nullable String value, String where, List<String> problems) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        problems.add(where + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        return null;
    }
}
