package org.govshare.gateway.access;

import graphql.ExecutionInput;
import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.CoercedVariables;
import graphql.schema.GraphQLSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.govshare.connector.plan.CompiledQuery;
import org.govshare.connector.plan.PlanCache;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.read.OperationField;
import org.govshare.gateway.read.OperationPlan;
import org.govshare.gateway.read.SourcePlanner;
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
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.RootField;
import org.govshare.schema.catalog.VerifyField;
import org.jspecify.annotations.Nullable;

/**
 * {@code explain}: runs the same field walk, decision and planner as a real request, for any consumer and purpose,
 * and compiles (but never runs) the source statements the allowed document would send: the very statements its
 * sources receive when it runs, relation batches and cursor pages included.
 */
public final class Explainer {
    /** The outcome, in the admin API's terms. */
    public record Explanation(
            List<String> allowed,
            List<String> denied,
            List<String> grants,
            List<String> rowFilters,
            List<String> masks,
            List<OperationPlan.Statement> sourceQueries,
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
        List<OperationPlan.Statement> sourceQueries;
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

    /**
     * The statements the allowed operation sends: the reads as the operation's plan has them (the very plan the data
     * fetchers run), and each verification's claim checks as the verifier makes them.
     */
    private List<OperationPlan.Statement> sourceQueries(OperationFields operation, Allowed allowed) {
        OperationPlan plan = SourcePlanner.plan(catalog, operation.selected.values(), allowed);
        List<OperationPlan.Statement> statements = new ArrayList<>(plan.statements(plans));
        for (OperationField selected : operation.selected.values()) {
            if (selected.coordinate().type().equals("Query")
                    && catalog.rootFields().get(selected.coordinate().field()) instanceof VerifyField verify
                    && selected.arguments().get("claims") instanceof Map<?, ?> claims) {
                String path = String.valueOf(selected.path().get(0));
                for (Verifier.PlannedCheck check :
                        Verifier.checks(catalog, catalog.requireType(verify.targetType()), claims, allowed)) {
                    CompiledQuery query = plans.plan(check.shape());
                    statements.add(new OperationPlan.Statement(
                            path + check.relationPath(), query.source(), query.sql(), query.placeholderCount(), 1));
                }
            }
        }
        return statements;
    }

    private static Explanation problems(List<String> problems) {
        return new Explanation(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), problems);
    }
}
