package org.govshare.gateway.audit;

import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import java.util.List;
import java.util.Locale;
import org.govshare.policy.evaluation.FieldUse;
import org.govshare.policy.model.Access;
import org.jspecify.annotations.Nullable;

/**
 * What an operation was for, as the request meters tell operations apart: {@code verify} when it makes a claim,
 * {@code read} when it reads catalog data, {@code introspection} when it asks only for the schema, {@code workflow}
 * for everything else that uses no data (catalog browsing, share requests, corrections, the caller's schema), and
 * {@code invalid} for a document that does not parse.
 */
public enum OperationKind {
    VERIFY,
    READ,
    INTROSPECTION,
    WORKFLOW,
    INVALID;

    /** The tag value: the name in lower case. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param document the parsed document, null when it did not parse
     * @param uses the catalog fields the operation uses (read or claimed), as the access decision or the audit's own
     *     walk found them
     */
    static OperationKind of(@Nullable Document document, List<FieldUse> uses) {
        if (uses.stream()
                .anyMatch(use -> use.access() == Access.VERIFY || use.claim().isPresent())) {
            return VERIFY;
        }
        if (!uses.isEmpty()) {
            return READ;
        }
        if (document == null) {
            return INVALID;
        }
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof OperationDefinition operation) {
                for (Selection<?> selection : operation.getSelectionSet().getSelections()) {
                    if (!(selection instanceof Field field) || !field.getName().startsWith("__")) {
                        return WORKFLOW;
                    }
                }
            }
        }
        return INTROSPECTION;
    }
}
