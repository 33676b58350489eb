package org.govshare.gateway.access;

import graphql.execution.CoercedVariables;
import graphql.language.Document;
import graphql.schema.GraphQLSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.govshare.gateway.read.Arguments;
import org.govshare.gateway.read.OperationField;
import org.govshare.gateway.subject.Subject;
import org.govshare.policy.evaluation.FieldUse;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.catalog.LookupField;
import org.govshare.schema.catalog.RootField;
import org.govshare.schema.catalog.VerifyField;
import org.jspecify.annotations.Nullable;

/**
 * An operation walked outside a decision, for the audit trail: what a refused document asked for (walked on the full
 * schema, since the caller's own schema does not have the fields it was refused) and whom it named by key (the
 * subjects of its lookups and verifications), so a refused attempt shows in the subject's access log too.
 */
public final class FieldUses {
    /**
     * The uses and the subjects named by key; both empty when the document does not fit the schema or is beyond the
     * query limits.
     */
    public record Walk(List<FieldUse> uses, List<Subject> namedSubjects) {
        public Walk {
            uses = List.copyOf(uses);
            namedSubjects = List.copyOf(namedSubjects);
        }
    }

    private FieldUses() {}

    public static Walk of(
            Catalog catalog,
            GraphQLSchema schema,
            Document document,
            @Nullable String operationName,
            Map<String, Object> variables) {
        OperationFields operation;
        try {
            operation = OperationFields.collect(
                    catalog, schema, document, operationName, CoercedVariables.of(variables), QueryLimits.DEFAULT);
        } catch (RuntimeException e) {
            // Beyond the limits (its walk could take exponential time) or not fitting the schema.
            return new Walk(List.of(), List.of());
        }
        List<Subject> subjects = new ArrayList<>();
        for (OperationField selected : operation.selected.values()) {
            if (!selected.coordinate().type().equals("Query")) {
                continue;
            }
            RootField root = catalog.rootFields().get(selected.coordinate().field());
            if (root instanceof LookupField || root instanceof VerifyField) {
                Subject subject = named(catalog.requireType(root.targetType()), selected.arguments());
                if (subject != null) {
                    subjects.add(subject);
                }
            }
        }
        return new Walk(operation.uses, subjects);
    }

    /** The subject a lookup or verification of {@code type} names by its key arguments; null when malformed. */
    public static @Nullable Subject named(CatalogType type, Map<String, Object> arguments) {
        List<Object> key = new ArrayList<>();
        try {
            for (ColumnField keyField : type.keyColumns()) {
                key.add(Arguments.value(keyField, keyField.name(), arguments.get(keyField.name())));
            }
        } catch (RuntimeException e) {
            // A malformed key names no one.
            return null;
        }
        return Subject.of(type, key);
    }
}
