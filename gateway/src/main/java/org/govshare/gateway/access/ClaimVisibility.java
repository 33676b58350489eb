package org.govshare.gateway.access;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.Claim;
import org.govshare.schema.catalog.ClaimsInput;
import org.govshare.schema.catalog.RelatedClaims;

/**
 * The part of the verification schema a caller sees, given the fields it may verify (VERIFY or READ): a claim when
 * its field is verifiable, claims about a related record when the relation is and the related type has a visible
 * claim (the fields that pick a record of a list relation come with it), and {@code verifyT} when {@code TClaims}
 * has a visible claim.
 */
final class ClaimVisibility {
    private final Catalog catalog;
    private final Set<FieldCoordinate> verifiable;
    private final Map<String, Boolean> hasClaims = new HashMap<>();
    private final Map<String, Set<String>> visibleInputFields = new HashMap<>();

    private ClaimVisibility(Catalog catalog, Set<FieldCoordinate> verifiable) {
        this.catalog = catalog;
        this.verifiable = verifiable;
    }

    static ClaimVisibility of(Catalog catalog, Set<FieldCoordinate> verifiable) {
        ClaimVisibility visibility = new ClaimVisibility(catalog, Set.copyOf(verifiable));
        catalog.claimsInputs().keySet().forEach(visibility::hasClaims);
        return visibility;
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
                if (verifiable.contains(new FieldCoordinate(type, claim.field()))) {
                    fields.add(claim.name());
                    any = true;
                }
            }
            for (RelatedClaims related : input.related().values()) {
                if (verifiable.contains(new FieldCoordinate(type, related.relation()))
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
