package org.govshare.gateway.job;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.verification.ClaimTree;
import org.govshare.gateway.verification.Claims;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.policy.evaluation.FieldUse;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.catalog.Comparison;
import org.govshare.schema.catalog.RootField;
import org.govshare.schema.catalog.VerifyField;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a job verifies, read against the catalog: the type, its verification root field, its single key field, and
 * the claims about the type's own fields (the same for every subject, or given per subject). Bad input is
 * {@code INVALID_ARGUMENT}; a type without a verification is refused as an ungranted one is.
 */
final class JobClaims {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private JobClaims() {}

    /** The verified type and its verification root ({@code Query.verifyResident}). */
    record Target(CatalogType type, VerifyField root, ColumnField key) {
        Target {
            requireNonNull(type, "type is null");
            requireNonNull(root, "root is null");
            requireNonNull(key, "key is null");
        }
    }

    static Target target(Catalog catalog, String typeName) {
        for (RootField root : catalog.rootFields().values()) {
            if (root instanceof VerifyField verify && verify.targetType().equals(typeName)) {
                CatalogType type = catalog.requireType(typeName);
                if (type.keyColumns().size() != 1) {
                    throw invalid("jobs verify types with a single key field");
                }
                return new Target(type, verify, type.keyColumns().get(0));
            }
        }
        throw new GovshareException(ErrorCode.FORBIDDEN_FIELD, "No verification of that type may be used here");
    }

    /** Claims from JSON ({@code {"regionCode": "441900"}}); only claims about the type's own fields. */
    static ClaimTree parse(Catalog catalog, CatalogType type, String json) {
        Map<?, ?> claims;
        try {
            claims = JSON.readValue(json, Map.class);
        } catch (RuntimeException e) {
            throw invalid("claims must be a JSON object");
        }
        return parse(catalog, type, claims);
    }

    static ClaimTree parse(Catalog catalog, CatalogType type, @Nullable Map<?, ?> claims) {
        ClaimTree tree = Claims.parse(catalog, type, claims);
        if (!tree.related().isEmpty()) {
            throw invalid("a job's claims are about the verified type's own fields");
        }
        return tree;
    }

    /** The field uses the policy decides on: the verification root and one VERIFY per claim. */
    static List<FieldUse> uses(Target target, ClaimTree claims) {
        List<FieldUse> uses = new ArrayList<>();
        List<Object> path = List.of(target.root().name());
        uses.add(new FieldUse(new FieldCoordinate("Query", target.root().name()), Access.VERIFY, path));
        for (ClaimTree.Checked claim : claims.claims()) {
            uses.add(new FieldUse(
                    new FieldCoordinate(target.type().name(), claim.test().field()),
                    Access.VERIFY,
                    path,
                    Optional.of(claim.path()),
                    Optional.of(claim.test().comparison())));
        }
        return uses;
    }

    /** A range claim no grant binds: each answer halves what is left of the value, so it counts as a guess. */
    static boolean isFreeRangeClaim(CatalogType type, ClaimTree.Checked claim, Allowed allowed) {
        return claim.test().comparison() != Comparison.EQUALS
                && allowed.bindingsOf(
                                new FieldCoordinate(type.name(), claim.test().field()))
                        .isEmpty();
    }

    static GovshareException invalid(String message) {
        return new GovshareException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
