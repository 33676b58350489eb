package org.govshare.gateway.access;

import graphql.ExecutionInput;
import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.CoercedVariables;
import graphql.schema.GraphQLSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.govshare.connector.plan.KeyLookupShape;
import org.govshare.connector.plan.KeyPageShape;
import org.govshare.connector.plan.PlanCache;
import org.govshare.connector.plan.ReadShape;
import org.govshare.connector.plan.RowCondition;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.read.RowConditions;
import org.govshare.gateway.verification.Verifier;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.policy.evaluation.Decision;
import org.govshare.policy.evaluation.DeniedField;
import org.govshare.policy.evaluation.FieldUse;
import org.govshare.policy.evaluation.PolicyDecider;
import org.govshare.policy.evaluation.Refused;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.RowFilter;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogField;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.catalog.LookupField;
import org.govshare.schema.catalog.PageField;
import org.govshare.schema.catalog.RelationField;
import org.govshare.schema.catalog.RootField;
import org.govshare.schema.catalog.VerifyField;
import org.jspecify.annotations.Nullable;

/**
 * {@code explain}: runs the same field walk and decision as a real request, for any consumer and purpose, and
 * compiles (but never runs) the source statements the allowed document would send.
 */
public final class Explainer {
    /** The outcome, in the admin API's terms. */
    public record Explanation(
            List<String> allowed,
            List<String> denied,
            List<String> grants,
            List<String> rowFilters,
            List<String> masks,
            List<Map<String, String>> sourceQueries,
            List<String> problems) {}

    private final GraphQLSchema schema;
    private final Catalog catalog;
    private final PolicyService policies;
    private final PlanCache plans;

    public Explainer(GraphQLSchema schema, Catalog catalog, PolicyService policies, PlanCache plans) {
        this.schema = schema;
        this.catalog = catalog;
        this.policies = policies;
        this.plans = plans;
    }

    public Explanation explain(String consumer, String purpose, String document) {
        return explain(consumer, purpose, document, null);
    }

    /**
     * Explains a document for a caller who may only see its own sources' policy: a document that reads any other
     * source is refused before anything about it is decided.
     */
    public Explanation explain(String consumer, String purpose, String document, @Nullable Set<String> visibleSources) {
        ParseAndValidateResult parsed = ParseAndValidate.parseAndValidate(
                schema, ExecutionInput.newExecutionInput(document).build());
        if (parsed.isFailure()) {
            return problems(
                    parsed.getErrors().stream().map(GraphQLError::getMessage).toList());
        }
        OperationFields operation;
        try {
            operation = OperationFields.collect(
                    catalog,
                    schema,
                    parsed.getDocument(),
                    null,
                    CoercedVariables.emptyVariables(),
                    QueryLimits.DEFAULT);
        } catch (GovshareException e) {
            return problems(List.of(e.getMessage()));
        } catch (RuntimeException e) {
            return problems(List.of("explain takes a document with one operation and no variables"));
        }
        if (visibleSources != null) {
            for (FieldUse use : operation.uses) {
                String source = sourceOf(use.field());
                if (source == null || !visibleSources.contains(source)) {
                    throw new GovshareException(
                            ErrorCode.FORBIDDEN_FIELD, "a steward explains documents that read its own sources only");
                }
            }
        }
        Decision decision = PolicyDecider.decide(policies.current(), consumer, purpose, operation.uses, policies.now());
        TreeSet<String> used = new TreeSet<>();
        operation.uses.forEach(use -> used.add(use.field().toString()));
        if (decision instanceof Refused refused) {
            TreeSet<String> denied = new TreeSet<>();
            refused.denied().stream()
                    .map(DeniedField::field)
                    .map(FieldCoordinate::toString)
                    .forEach(denied::add);
            if (refused.reason() != Refused.Reason.FORBIDDEN_FIELD) {
                denied.addAll(used);
            }
            used.removeAll(denied);
            List<String> problems = refused.reason() == Refused.Reason.FORBIDDEN_FIELD
                    ? List.of()
                    : List.of(refused.reason().name());
            return new Explanation(
                    List.copyOf(used), List.copyOf(denied), List.of(), List.of(), List.of(), List.of(), problems);
        }
        Allowed allowed = (Allowed) decision;
        List<Map<String, String>> sourceQueries;
        try {
            sourceQueries = sourceQueries(operation, allowed);
        } catch (GovshareException e) {
            return problems(List.of(e.getMessage()));
        }
        // Row filters of every type the purpose's grants filter: for a steward, those of its own sources only.
        List<String> rowFilters = allowed.rowFiltersByType().entrySet().stream()
                .filter(filters -> visibleSources == null
                        || catalog.type(filters.getKey())
                                .map(CatalogType::source)
                                .filter(visibleSources::contains)
                                .isPresent())
                .map(Map.Entry::getValue)
                .flatMap(List::stream)
                .map(RowFilter::toString)
                .sorted()
                .toList();
        List<String> masks = allowed.masks().entrySet().stream()
                .map(mask -> mask.getKey() + ": " + mask.getValue())
                .sorted()
                .toList();
        return new Explanation(
                List.copyOf(used),
                List.of(),
                List.copyOf(new TreeSet<>(allowed.grantIds())),
                rowFilters,
                masks,
                sourceQueries,
                List.of());
    }

    /**
     * The source a used field belongs to: its type's, or for a root field ({@code Query.resident}, {@code
     * Query.verifyPensionAccount}) the source of the type it enters; null when the catalog does not know it.
     */
    private @Nullable String sourceOf(FieldCoordinate field) {
        if (field.type().equals("Query")) {
            RootField root = catalog.rootFields().get(field.field());
            return root == null ? null : catalog.requireType(root.targetType()).source();
        }
        return catalog.type(field.type()).map(CatalogType::source).orElse(null);
    }

    private List<Map<String, String>> sourceQueries(OperationFields operation, Allowed allowed) {
        List<Map<String, String>> queries = new ArrayList<>();
        for (OperationFields.Selected selected : operation.selected.values()) {
            List<? extends ReadShape> shapes;
            if (catalog.rootFields().get(selected.coordinate().field()) instanceof VerifyField verify
                    && selected.coordinate().type().equals("Query")
                    && selected.arguments().get("claims") instanceof Map<?, ?> claims) {
                shapes = Verifier.shapes(catalog, catalog.requireType(verify.targetType()), claims, allowed);
            } else {
                ReadShape shape = shape(selected, operation, allowed);
                shapes = shape == null ? List.of() : List.of(shape);
            }
            for (ReadShape shape : shapes) {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("source", catalog.requireType(shape.type()).source());
                query.put("sql", plans.plan(shape).sql());
                queries.add(query);
            }
        }
        return queries;
    }

    private ReadShape shape(OperationFields.Selected selected, OperationFields operation, Allowed allowed) {
        FieldCoordinate coordinate = selected.coordinate();
        if (coordinate.type().equals("Query")) {
            RootField root = catalog.rootFields().get(coordinate.field());
            if (root instanceof LookupField lookup) {
                CatalogType type = catalog.requireType(lookup.targetType());
                Children children = children(type, selected.children());
                return KeyLookupShape.byKey(type.name(), type.keyFields())
                        .reading(
                                children.fields,
                                children.relations,
                                Masks.atSource(allowed.masks(), type.name(), children.fields))
                        .where(conditions(allowed, type));
            }
            if (root instanceof PageField page) {
                CatalogType type = catalog.requireType(page.targetType());
                List<String> nodeFields = new ArrayList<>();
                operation.selected.values().stream()
                        .filter(child -> child.path().size() == selected.path().size() + 3
                                && child.path()
                                        .subList(0, selected.path().size())
                                        .equals(selected.path())
                                && child.coordinate().type().equals(type.name()))
                        .forEach(child -> nodeFields.add(child.coordinate().field()));
                Children children = children(type, nodeFields);
                return KeyPageShape.inKeyOrder(type.name(), type.keyFields().get(0), page.filterFields())
                        .reading(
                                children.fields,
                                children.relations,
                                Masks.atSource(allowed.masks(), type.name(), children.fields))
                        .where(conditions(allowed, type));
            }
            return null;
        }
        CatalogType owner = catalog.type(coordinate.type()).orElse(null);
        if (owner != null && owner.fields().get(coordinate.field()) instanceof RelationField relation) {
            CatalogType target = catalog.requireType(relation.targetType());
            Children children = children(target, selected.children());
            List<String> matchFields =
                    target.keyFields().subList(0, relation.columns().size());
            List<String> fields = new ArrayList<>(children.fields);
            fields.addAll(matchFields);
            return KeyLookupShape.byKey(target.name(), matchFields)
                    .reading(
                            fields, children.relations, Masks.atSource(allowed.masks(), target.name(), children.fields))
                    .where(conditions(allowed, target));
        }
        return null;
    }

    private record Children(List<String> fields, List<String> relations) {}

    private static Children children(CatalogType type, List<String> names) {
        List<String> fields = new ArrayList<>();
        List<String> relations = new ArrayList<>();
        for (String name : names) {
            CatalogField field = type.fields().get(name);
            if (field instanceof ColumnField) {
                fields.add(name);
            } else if (field instanceof RelationField) {
                relations.add(name);
            }
        }
        return new Children(fields, relations);
    }

    private static List<RowCondition> conditions(Allowed allowed, CatalogType type) {
        return RowConditions.of(allowed.rowFilters(type.name())).conditions();
    }

    private static Explanation problems(List<String> problems) {
        return new Explanation(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), problems);
    }
}
