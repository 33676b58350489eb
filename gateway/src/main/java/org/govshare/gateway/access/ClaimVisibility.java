package org.govshare.gateway.access;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.govshare.policy.evaluation.Visibility;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.Claim;
import org.govshare.schema.catalog.ClaimsInput;
import org.govshare.schema.catalog.RelatedClaims;

/**
 * The part of the verification schema a caller sees, given the claims it may make: a claim when its field may be
 * claimed about with the claim's comparison (a bound field shows only its bound comparison, a masked one none),
 * claims about a related record when the relation is claimable and the related type has a visible claim (the fields
 * that pick a record of a list relation come with it), and {@code verifyT} when the caller holds the root field
 * {@code Query.verifyT} and {@code TClaims} has a visible claim.
 */
final class ClaimVisibility {
    private final Catalog catalog;
    private final Visibility visibility;
    private final Map<String, Boolean> hasClaims = new HashMap<>();
    private final Map<String, Set<String>> visibleInputFields = new HashMap<>();

    private ClaimVisibility(Catalog catalog, Visibility visibility) {
        this.catalog = catalog;
        this.visibility = visibility;
    }

    static ClaimVisibility of(Catalog catalog, Visibility visibility) {
        ClaimVisibility claims = new ClaimVisibility(catalog, visibility);
        catalog.claimsInputs().keySet().forEach(claims::hasClaims);
        return claims;
    }

    /** Whether the caller may verify records of {@code type} by their key: its own root grant and a claim to make. */
    boolean mayVerify(String rootField, String type) {
        return visibility.fields().containsKey(new FieldCoordinate("Query", rootField)) && hasClaims(type);
    }

    /** Whether the caller can make any claim about a record of {@code type}. */
    boolean hasClaims(String type) {
        Boolean known = hasClaims.get(type);
        if (known != null) {
            return known;
        }
        // A relation cycle ends here: while a type is being worked out it counts as having no claims.
        hasClaims.put(type, false);
        ClaimsInput input = catalog.claimsInputs().get(type);
        boolean any = false;
        if (input != null) {
            Set<String> fields = visibleInputFields.computeIfAbsent(input.inputType(), name -> new HashSet<>());
            for (Claim claim : input.claims().values()) {
                if (visibility.mayClaim(new FieldCoordinate(type, claim.field()), claim.comparison())) {
                    fields.add(claim.name());
                    any = true;
                }
            }
            for (RelatedClaims related : input.related().values()) {
                if (visibility.mayClaim(new FieldCoordinate(type, related.relation()))
                        && hasClaims(related.targetType())) {
                    fields.add(related.name());
                    String targetInput =
                            catalog.claimsInputs().get(related.targetType()).inputType();
                    visibleInputFields
                            .computeIfAbsent(targetInput, name -> new HashSet<>())
                            .addAll(related.selectorFields());
                    any = true;
                }
            }
        }
        hasClaims.put(type, any);
        return any;
    }

    /** Whether the claims input {@code inputType} shows {@code field} to the caller. */
    boolean showsInputField(String inputType, String field) {
        return visibleInputFields.getOrDefault(inputType, Set.of()).contains(field);
    }
}
