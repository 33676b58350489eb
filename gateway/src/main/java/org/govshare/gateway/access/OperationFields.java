package org.govshare.gateway.access;

import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.execution.CoercedVariables;
import graphql.language.Document;
import graphql.schema.GraphQLSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.govshare.policy.evaluation.FieldUse;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.Catalog;
import org.jspecify.annotations.Nullable;

/**
 * Every field one operation would execute, walked through aliases, named and inline fragments (a fragment counts
 * each time it is spread), with its path and coordinate; plus the size measures the query limits apply to. The same
 * walk serves the access decision and {@code explain}.
 */
final class OperationFields {
    /** One selected field: where, what, and the fields selected below it. */
    record Selected(List<Object> path, FieldCoordinate coordinate, List<String> children) {}

    final List<FieldUse> uses = new ArrayList<>();
    final Map<List<Object>, Selected> selected = new LinkedHashMap<>();
    int aliases;
    int fields;
    int depth;

    private OperationFields() {}

    static OperationFields collect(
            Catalog catalog,
            GraphQLSchema schema,
            Document document,
            @Nullable String operationName,
            CoercedVariables variables) {
        OperationFields result = new OperationFields();
        QueryTraverser.newQueryTraverser()
                .schema(schema)
                .document(document)
                .operationName(operationName)
                .coercedVariables(variables)
                .build()
                .visitPreOrder(new QueryVisitorStub() {
                    @Override
                    public void visitField(QueryVisitorFieldEnvironment environment) {
                        if (environment.isTypeNameIntrospectionField()) {
                            return;
                        }
                        result.fields++;
                        if (environment.getField().getAlias() != null) {
                            result.aliases++;
                        }
                        List<Object> path = path(environment);
                        result.depth = Math.max(result.depth, path.size());
                        String type = environment.getFieldsContainer().getName();
                        String field = environment.getFieldDefinition().getName();
                        if (field.startsWith("__")) {
                            return;
                        }
                        FieldCoordinate coordinate = new FieldCoordinate(type, field);
                        if (type.equals("Query") || catalog.type(type).isPresent()) {
                            result.uses.add(new FieldUse(coordinate, Access.READ, path));
                        }
                        result.selected.put(path, new Selected(path, coordinate, new ArrayList<>()));
                        Selected parent = result.selected.get(path.subList(0, path.size() - 1));
                        if (parent != null) {
                            parent.children().add(field);
                        }
                    }
                });
        return result;
    }

    private static List<Object> path(QueryVisitorFieldEnvironment environment) {
        LinkedList<Object> path = new LinkedList<>();
        for (QueryVisitorFieldEnvironment current = environment;
                current != null;
                current = current.getParentEnvironment()) {
            path.addFirst(current.getField().getResultKey());
        }
        return List.copyOf(path);
    }
}
