package org.govshare.gateway.verification;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.govshare.connector.plan.ClaimTest;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.read.Arguments;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.Claim;
import org.govshare.schema.catalog.ClaimsInput;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.catalog.RelatedClaims;
import org.govshare.schema.catalog.RelationField;
import org.govshare.schema.catalog.ValueKind;
import org.jspecify.annotations.Nullable;

/**
 * Reads a verification's {@code claims} argument against the catalog's claims inputs into the checked, normalised
 * {@link ClaimTree} the sources check. Bad input is {@code INVALID_ARGUMENT} naming only the claim's path.
 */
public final class Claims {
    private Claims() {}

    /** The checked claims about one record of {@code type}; at least one claim is required. */
    public static ClaimTree parse(Catalog catalog, CatalogType type, @Nullable Map<?, ?> claims) {
        ClaimTree tree = parse(catalog, type, claims == null ? Map.of() : claims, "");
        if (tree.claimCount() == 0) {
            throw invalid("claims must name at least one claim");
        }
        return tree;
    }

    private static ClaimTree parse(Catalog catalog, CatalogType type, Map<?, ?> claims, String prefix) {
        ClaimsInput input = catalog.claimsInputs().get(type.name());
        if (input == null) {
            throw invalid("claims cannot be checked here");
        }
        List<ClaimTree.Checked> checked = new ArrayList<>();
        for (Claim claim : input.claims().values()) {
            if (claims.containsKey(claim.name())) {
                String path = prefix + claim.name();
                ColumnField field = type.columnField(claim.field());
                checked.add(new ClaimTree.Checked(
                        path,
                        new ClaimTest(claim.field(), claim.comparison()),
                        value(field, path, claims.get(claim.name()))));
            }
        }
        List<ClaimTree.Related> related = new ArrayList<>();
        for (RelatedClaims relatedClaims : input.related().values()) {
            if (!claims.containsKey(relatedClaims.name())) {
                continue;
            }
            String path = prefix + relatedClaims.name();
            if (!(claims.get(relatedClaims.name()) instanceof Map<?, ?> nested)) {
                throw invalid(path + " needs claims");
            }
            CatalogType target = catalog.requireType(relatedClaims.targetType());
            Map<Object, Object> claimsOnly = new java.util.LinkedHashMap<>(nested);
            List<Object> selectors = new ArrayList<>();
            for (String selector : relatedClaims.selectorFields()) {
                String selectorPath = path + "." + selector;
                if (claimsOnly.get(selector) == null) {
                    throw invalid(selectorPath + " is required: it picks the record the claims are about");
                }
                selectors.add(value(target.columnField(selector), selectorPath, claimsOnly.remove(selector)));
            }
            ClaimTree tree = parse(catalog, target, claimsOnly, path + ".");
            if (tree.claimCount() == 0) {
                throw invalid(path + " must name at least one claim");
            }
            related.add(new ClaimTree.Related(
                    (RelationField) type.fields().get(relatedClaims.relation()), selectors, tree));
        }
        for (Object name : claims.keySet()) {
            if (input.claims().get(String.valueOf(name)) == null
                    && input.related().get(String.valueOf(name)) == null) {
                throw invalid(prefix + name + " is not a claim");
            }
        }
        return new ClaimTree(type, checked, related);
    }

    /** The value as the source compares it: identifiers normalised and checked, strings in NFC and trimmed. */
    private static Object value(ColumnField field, String path, @Nullable Object raw) {
        if (raw == null) {
            throw invalid(path + " needs a value");
        }
        Object value = Arguments.value(field, path, raw);
        if (field.identifier().isEmpty() && (field.kind() == ValueKind.STRING || field.kind() == ValueKind.ID)) {
            return Normalizer.normalize(value.toString(), Normalizer.Form.NFC).strip();
        }
        return value;
    }

    private static GovshareException invalid(String message) {
        return new GovshareException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
