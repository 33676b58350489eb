package org.govshare.gateway.job;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.read.RelationKeys;
import org.govshare.gateway.subject.Subject;
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
 * the claims (the same for every subject, or given per subject). Shared claims may also be about records related to
 * the subject that the subject's own key reaches and that are about the same subject (a resident's income of one
 * year, {@code {"income": {"year": 2024, "annualIncomeAtMost": 30000}}}): each related record type is checked by a
 * set statement of its own at its own source. Per-subject claims are about the type's own fields. Bad input is
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

    /**
     * A claim of a job and the type of the record it is about (the verified type's, or a related record's), in the
     * order of a verification's outcomes: the type's own claims, then each related record's.
     */
    record Claim(CatalogType type, ClaimTree.Checked checked) {
        Claim {
            requireNonNull(type, "type is null");
            requireNonNull(checked, "checked is null");
        }
    }

    /** Claims from JSON ({@code {"regionCode": "441900"}}), the job's shared claims. */
    static ClaimTree parse(Catalog catalog, CatalogType type, String json) {
        return parse(catalog, type, object(json));
    }

    /**
     * The job's shared claims: about the type's own fields, and about related records the subject's key reaches (one
     * level), each about the same subject, so that its guesses count against the subject as online.
     */
    static ClaimTree parse(Catalog catalog, CatalogType type, @Nullable Map<?, ?> claims) {
        ClaimTree tree = Claims.parse(catalog, type, claims);
        for (ClaimTree.Related related : tree.related()) {
            String path = related.relation().claim().orElse(related.relation().name());
            if (!related.tree().related().isEmpty()) {
                throw invalid("a job's claims reach one related record deep; " + path + " nests further");
            }
            List<Object> probe = List.of(type.keyFields().get(0));
            List<Object> prefix = RelationKeys.fromSubjectKey(type, related.relation(), probe);
            if (prefix == null
                    || prefix.size() != 1
                    || !Subject.of(related.tree().type(), targetKey(prefix, related))
                            .equals(Subject.of(type, probe))) {
                throw invalid("a job's claims about a related record need a record the subject's own key reaches and"
                        + " that is about the same subject; " + path + " is not one");
            }
        }
        return tree;
    }

    /** One subject's own claims from JSON, in a job with per-subject claims. */
    static ClaimTree parseEach(Catalog catalog, CatalogType type, String json) {
        return parseEach(catalog, type, object(json));
    }

    /**
     * One subject's own claims in a job with per-subject claims: about the type's own fields only (claims about
     * related records are the same for every subject: the job's shared claims).
     */
    static ClaimTree parseEach(Catalog catalog, CatalogType type, @Nullable Map<?, ?> claims) {
        ClaimTree tree = Claims.parse(catalog, type, claims);
        if (!tree.related().isEmpty()) {
            throw invalid("per-subject claims are about the verified type's own fields; claims about related records"
                    + " are the job's shared claims");
        }
        return tree;
    }

    /** Every claim of {@code tree} with the type of its record, in the order of a verification's outcomes. */
    static List<Claim> claims(ClaimTree tree) {
        List<Claim> claims = new ArrayList<>(tree.claimCount());
        tree.claims().forEach(claim -> claims.add(new Claim(tree.type(), claim)));
        tree.related().forEach(related -> claims.addAll(claims(related.tree())));
        return claims;
    }

    /** The related record's key: the subject's key the relation matches, then the selectors' values. */
    static List<Object> targetKey(List<Object> prefix, ClaimTree.Related related) {
        List<Object> key = new ArrayList<>(prefix);
        key.addAll(related.selectorValues());
        return key;
    }

    private static Map<?, ?> object(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (RuntimeException e) {
            throw invalid("claims must be a JSON object");
        }
    }

    /**
     * The field uses the policy decides on, as for the verification root's operation: the root, one VERIFY per claim,
     * and one per relation a claim about a related record follows ({@code Resident.incomes}).
     */
    static List<FieldUse> uses(Target target, ClaimTree claims) {
        List<FieldUse> uses = new ArrayList<>();
        List<Object> path = List.of(target.root().name());
        uses.add(new FieldUse(new FieldCoordinate("Query", target.root().name()), Access.VERIFY, path));
        addUses(claims, path, uses);
        return uses;
    }

    private static void addUses(ClaimTree tree, List<Object> path, List<FieldUse> uses) {
        for (ClaimTree.Checked claim : tree.claims()) {
            uses.add(new FieldUse(
                    new FieldCoordinate(tree.type().name(), claim.test().field()),
                    Access.VERIFY,
                    path,
                    Optional.of(claim.path()),
                    Optional.of(claim.test().comparison())));
        }
        for (ClaimTree.Related related : tree.related()) {
            uses.add(new FieldUse(
                    new FieldCoordinate(tree.type().name(), related.relation().name()),
                    Access.VERIFY,
                    path,
                    Optional.of(
                            related.relation().claim().orElse(related.relation().name()))));
            addUses(related.tree(), path, uses);
        }
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
