package org.govshare.policy.evaluation;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.Comparison;

/**
 * What a caller's schema shows: the fields it may use with the strongest access any active grant gives
 * ({@code fields}; a root field {@code Query.verifyT} opens verification of {@code T}), and the fields it may claim
 * about with the comparisons it may use on each ({@code claims}: all of them for a free VERIFY or an unmasked READ,
 * only the bound ones for a bound VERIFY, none for a masked READ). Two callers with equal visibilities see the same
 * schema.
 */
public record Visibility(Map<FieldCoordinate, Access> fields, Map<FieldCoordinate, Set<Comparison>> claims) {
    public Visibility {
        fields = Map.copyOf(fields);
        claims = claims.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> Set.copyOf(entry.getValue())));
    }

    /**
     * The visibility of fields granted as they are, without masks or bindings (a schema preview of a share request):
     * every granted field may be claimed about with any comparison.
     */
    public static Visibility of(Map<FieldCoordinate, Access> fields) {
        Map<FieldCoordinate, Set<Comparison>> claims = new TreeMap<>();
        fields.keySet().forEach(field -> claims.put(field, EnumSet.allOf(Comparison.class)));
        return new Visibility(fields, claims);
    }

    /** Whether a claim about {@code field} compared as {@code comparison} may be made. */
    public boolean mayClaim(FieldCoordinate field, Comparison comparison) {
        return claims.getOrDefault(field, Set.of()).contains(comparison);
    }

    /** Whether claims about {@code field} may be made at all (a relation leads to its record's claims). */
    public boolean mayClaim(FieldCoordinate field) {
        return !claims.getOrDefault(field, Set.of()).isEmpty();
    }
}
