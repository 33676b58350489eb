package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The claims input type of one keyed type ({@code ResidentClaims}): every claim about its own fields and every
 * relation whose record can be claimed about, by input field name in declaration order. Generated from the catalog;
 * fields that are {@code NOT_SHARED} take no claims.
 */
public record ClaimsInput(
        String type, String inputType, Map<String, Claim> claims, Map<String, RelatedClaims> related) {
    public ClaimsInput {
        requireNonNull(type, "type is null");
        requireNonNull(inputType, "inputType is null");
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        related = Collections.unmodifiableMap(new LinkedHashMap<>(related));
    }

    public Optional<Claim> claim(String name) {
        return Optional.ofNullable(claims.get(name));
    }

    public Optional<RelatedClaims> relatedClaims(String name) {
        return Optional.ofNullable(related.get(name));
    }
}
