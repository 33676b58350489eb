package org.govshare.gateway.access;

import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.transform.FieldVisibilitySchemaTransformation;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.govshare.policy.evaluation.Visibility;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.RelationField;
import org.govshare.schema.catalog.RootField;
import org.govshare.schema.catalog.ShareType;
import org.govshare.schema.catalog.VerifyField;

/**
 * The schema a caller sees, cut from the full schema by the fields it may use: catalog root fields and fields of
 * catalog types only where READ is granted (and the catalog shares them: never a {@code NOT_SHARED} one), verify
 * fields only under their own root grant and claims only where they may be made (see {@link ClaimVisibility});
 * everything outside the catalog (the workflow fields, result types) stays.
 */
public final class CallerSchemas {
    private CallerSchemas() {}

    public static GraphQLSchema forFields(GraphQLSchema fullSchema, Catalog catalog, Visibility visibility) {
        Set<FieldCoordinate> readable = visibility.fields().entrySet().stream()
                .filter(entry -> entry.getValue() == Access.READ)
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
        ClaimVisibility claims = ClaimVisibility.of(catalog, visibility);
        Set<String> shown = typesWithAField(catalog, readable);
        // A type no root field leads to (a keyed type without a lookup or listing that no relation reaches any more,
        // e.g. after a reload) cannot be read anyway. graphql-java 25's transformation keeps such a type while it
        // removes the types only its fields refer to, and then fails on the dangling reference (fixed in 26): the cut
        // starts from the types the roots reach.
        GraphQLSchema reachable = fullSchema.transform(GraphQLSchema.Builder::clearAdditionalTypes);
        return new FieldVisibilitySchemaTransformation(environment -> {
                    if (environment.getSchemaElement() instanceof GraphQLInputObjectField field
                            && environment.getParentElement() instanceof GraphQLInputObjectType parent
                            && catalog.claimsInputNamed(parent.getName()).isPresent()) {
                        return claims.showsInputField(parent.getName(), field.getName());
                    }
                    if (!(environment.getSchemaElement() instanceof GraphQLFieldDefinition field)
                            || !(environment.getParentElement() instanceof GraphQLObjectType parent)) {
                        return true;
                    }
                    if (parent.getName().equals("Query")) {
                        RootField root = catalog.rootFields().get(field.getName());
                        if (root instanceof VerifyField verify) {
                            return claims.mayVerify(verify.name(), verify.targetType());
                        }
                        return root == null
                                || (readable.contains(new FieldCoordinate("Query", field.getName()))
                                        && shown.contains(root.targetType()));
                    }
                    return catalog.type(parent.getName())
                            .map(type -> shows(type, field.getName(), readable, shown))
                            .orElse(true);
                })
                .apply(reachable);
    }

    /**
     * The catalog types the caller may read some field of. A root or relation leading to a type it may read nothing of
     * is cut with that type: a type without fields is no valid schema (graphql-java refuses it), and a caller granted
     * {@code Query.enterprise} alone would otherwise fail on every request. A relation counts only where its own
     * target is shown, so this is computed to a fixed point.
     */
    private static Set<String> typesWithAField(Catalog catalog, Set<FieldCoordinate> readable) {
        Set<String> shown = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (CatalogType type : catalog.types().values()) {
                if (!shown.contains(type.name())
                        && type.fields().keySet().stream().anyMatch(field -> shows(type, field, readable, shown))) {
                    shown.add(type.name());
                    grew = true;
                }
            }
        }
        return shown;
    }

    private static boolean shows(CatalogType type, String field, Set<FieldCoordinate> readable, Set<String> shown) {
        if (!readable.contains(new FieldCoordinate(type.name(), field)) || !shared(type, field)) {
            return false;
        }
        return !(type.field(field).orElse(null) instanceof RelationField relation)
                || shown.contains(relation.targetType());
    }

    /**
     * Whether the catalog shares the field at all: one it declares {@code NOT_SHARED} is read by nobody, whatever a grant
     * says (a grant made before a reload made it so must not keep it readable).
     */
    private static boolean shared(CatalogType type, String field) {
        return type.field(field)
                .map(catalogField -> catalogField.sharing().shareType() != ShareType.NOT_SHARED)
                .orElse(false);
    }

    /** Whether the caller may use any catalog root field: read through a lookup or page, or verify a claim. */
    static boolean anyDataRoot(Catalog catalog, Visibility visibility) {
        ClaimVisibility claims = ClaimVisibility.of(catalog, visibility);
        return catalog.rootFields().values().stream()
                .anyMatch(root -> root instanceof VerifyField
                        ? claims.mayVerify(root.name(), root.targetType())
                        : visibility.fields().get(new FieldCoordinate("Query", root.name())) == Access.READ);
    }
}
