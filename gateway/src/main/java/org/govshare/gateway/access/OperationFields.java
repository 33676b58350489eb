package org.govshare.gateway.access;

import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.execution.CoercedVariables;
import graphql.language.Document;
import graphql.schema.GraphQLSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.read.OperationField;
import org.govshare.policy.evaluation.FieldUse;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.Claim;
import org.govshare.schema.catalog.ClaimsInput;
import org.govshare.schema.catalog.Comparison;
import org.govshare.schema.catalog.RelatedClaims;
import org.govshare.schema.catalog.RootField;
import org.govshare.schema.catalog.VerifyField;
import org.jspecify.annotations.Nullable;

/**
 * Every field one operation would execute, walked through aliases, named and inline fragments (a fragment counts
 * each time it is spread), with its path and coordinate, and every field a verification claims about. The same walk
 * serves the access decision, the audit of refused operations and {@code explain}. A walk expands every fragment
 * spread, so it starts only on a document within the {@link QueryLimits}.
 */
final class OperationFields {
    final List<FieldUse> uses = new ArrayList<>();
    /**
     * Every executed field by its path, in document order. A field merged from several nodes (the same result key
     * twice) is there once, with the fields selected below each node under its path.
     */
    final Map<List<Object>, OperationField> selected = new LinkedHashMap<>();

    private OperationFields() {}

    /**
     * @throws GovshareException {@code QUERY_TOO_COMPLEX} when the document is beyond {@code limits}: its walk could
     *     take exponential time
     */
    static OperationFields collect(
            Catalog catalog,
            GraphQLSchema schema,
            Document document,
            @Nullable String operationName,
            CoercedVariables variables,
            QueryLimits limits) {
        String tooComplex = limits.check(document);
        if (tooComplex != null) {
            throw new GovshareException(ErrorCode.QUERY_TOO_COMPLEX, tooComplex);
        }
        OperationFields result = new OperationFields();
        QueryTraverser.newQueryTraverser()
                .schema(schema)
                .document(document)
                .operationName(operationName)
                .coercedVariables(variables)
                .build()
                .visitPreOrder(new QueryVisitorStub() {
                    @Override
                    public void visitField(QueryVisitorFieldEnvironment environment) {
                        if (environment.isTypeNameIntrospectionField()) {
                            return;
                        }
                        List<Object> path = path(environment);
                        String type = environment.getFieldsContainer().getName();
                        String field = environment.getFieldDefinition().getName();
                        if (field.startsWith("__")) {
                            return;
                        }
                        FieldCoordinate coordinate = new FieldCoordinate(type, field);
                        RootField root =
                                type.equals("Query") ? catalog.rootFields().get(field) : null;
                        if (root instanceof VerifyField verify) {
                            // A verification reads nothing: it needs its own root grant (never inferred from the
                            // fields it claims about), and each claim needs VERIFY on the field it is about.
                            result.uses.add(new FieldUse(coordinate, Access.VERIFY, path));
                            if (environment.getArguments().get("claims") instanceof Map<?, ?> claims) {
                                claimUses(
                                        catalog,
                                        verify.targetType(),
                                        claims,
                                        "",
                                        (use, claim, comparison) -> result.uses.add(new FieldUse(
                                                use, Access.VERIFY, path, Optional.of(claim), comparison)));
                            }
                        } else if (root != null || catalog.type(type).isPresent()) {
                            // Catalog data; the workflow's own fields (catalog browsing, share requests) are not.
                            result.uses.add(new FieldUse(coordinate, Access.READ, path));
                        }
                        result.selected.putIfAbsent(
                                path, new OperationField(path, coordinate, environment.getArguments()));
                    }
                });
        return result;
    }

    /** Receives one field a verification's claims use. */
    @FunctionalInterface
    interface ClaimUse {
        void accept(FieldCoordinate field, String claim, Optional<Comparison> comparison);
    }

    /**
     * Calls {@code use} with each field coordinate a verification's claims use, the claim's input path and its
     * comparison: {@code T.field} for a claim, {@code T.relation} (no comparison) for claims about a related record
     * (whose own claims follow; the fields that only pick a record of a list relation are covered by the relation).
     * Input fields the catalog does not know are skipped: validation has refused them already.
     */
    static void claimUses(Catalog catalog, String type, Map<?, ?> claims, String prefix, ClaimUse use) {
        ClaimsInput input = catalog.claimsInputs().get(type);
        if (input == null) {
            return;
        }
        for (Map.Entry<?, ?> entry : claims.entrySet()) {
            String name = String.valueOf(entry.getKey());
            Claim claim = input.claims().get(name);
            RelatedClaims related = input.related().get(name);
            if (claim != null) {
                use.accept(new FieldCoordinate(type, claim.field()), prefix + name, Optional.of(claim.comparison()));
            } else if (related != null) {
                use.accept(new FieldCoordinate(type, related.relation()), prefix + name, Optional.empty());
                if (entry.getValue() instanceof Map<?, ?> nested) {
                    Map<Object, Object> claimsOnly = new LinkedHashMap<>(nested);
                    related.selectorFields().forEach(claimsOnly::remove);
                    claimUses(catalog, related.targetType(), claimsOnly, prefix + name + ".", use);
                }
            }
        }
    }

    private static List<Object> path(QueryVisitorFieldEnvironment environment) {
        LinkedList<Object> path = new LinkedList<>();
        for (QueryVisitorFieldEnvironment current = environment;
                current != null;
                current = current.getParentEnvironment()) {
            path.addFirst(current.getField().getResultKey());
        }
        return List.copyOf(path);
    }
}
