package org.govshare.gateway.verification;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.govshare.connector.plan.ClaimTest;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.RelationField;

/**
 * The claims of one verification about one record of {@code type}, checked and normalised: its own claims in the
 * order of the claims input, and the claims about related records (each checked at its own source).
 */
public record ClaimTree(CatalogType type, List<Checked> claims, List<Related> related) {
    /** One claim: its input path ({@code pension.retired}), what the source tests, and the normalised value. */
    public record Checked(String path, ClaimTest test, Object value) {
        public Checked {
            requireNonNull(path, "path is null");
            requireNonNull(test, "test is null");
            requireNonNull(value, "value is null");
        }
    }

    /**
     * Claims about the record {@code relation} leads to; {@code selectorValues} pick one record of a list relation
     * (the target's key fields after the relation's columns).
     */
    public record Related(RelationField relation, List<Object> selectorValues, ClaimTree tree) {
        public Related {
            requireNonNull(relation, "relation is null");
            selectorValues = List.copyOf(selectorValues);
            requireNonNull(tree, "tree is null");
        }
    }

    public ClaimTree {
        requireNonNull(type, "type is null");
        claims = List.copyOf(claims);
        related = List.copyOf(related);
    }

    /** Every claim of the tree, related ones included. */
    public int claimCount() {
        int count = claims.size();
        for (Related relation : related) {
            count += relation.tree().claimCount();
        }
        return count;
    }
}
