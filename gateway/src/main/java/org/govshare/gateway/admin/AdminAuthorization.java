package org.govshare.gateway.admin;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Argument;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.govshare.gateway.access.Caller;
import org.govshare.gateway.access.Role;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.request.RequestRecord;
import org.govshare.gateway.subject.Subject;
import org.govshare.schema.identifier.IdentifierScheme;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.graphql.execution.ErrorType;

/**
 * Decides once, before anything of an admin operation runs, whether its caller may use every root field it selects
 * (through aliases and fragments). Who may use which field is declared in the admin schema with {@code @allow(roles:)};
 * a field without the declaration is closed to everyone, so a new field is refused until it is declared. Any field
 * refused refuses the whole operation with one {@code FORBIDDEN_FIELD} per field, as the data API refuses ungranted
 * fields. Whom the operation concerns (arguments declared {@code @subject}) goes to the audit record first, so a
 * refused look at a subject is filed under it as well.
 */
final class AdminAuthorization extends SimplePerformantInstrumentation implements Ordered {
    static final String ALLOW = "allow";
    static final String SUBJECT = "subject";

    /** A root field as the declarations name it: the roles that may use it and its arguments that name a subject. */
    private record Declared(Set<Role> roles, List<String> subjectArguments) {}

    /** The declarations of the schema last seen: one schema serves the admin API, read once. */
    private volatile @Nullable Declarations declarations;

    private record Declarations(GraphQLSchema schema, Map<String, Declared> fields) {}

    private Map<String, Declared> declared(GraphQLSchema schema) {
        Declarations known = declarations;
        if (known == null || known.schema() != schema) {
            known = new Declarations(schema, read(schema));
            declarations = known;
        }
        return known.fields();
    }

    /** Every root field of the schema, with the roles its {@code @allow} names (none without it). */
    private static Map<String, Declared> read(GraphQLSchema schema) {
        Map<String, Declared> fields = new LinkedHashMap<>();
        for (GraphQLObjectType root : roots(schema)) {
            for (GraphQLFieldDefinition field : root.getFieldDefinitions()) {
                Set<Role> roles = EnumSet.noneOf(Role.class);
                GraphQLAppliedDirective allow = field.getAppliedDirective(ALLOW);
                if (allow != null && allow.getArgument("roles").getValue() instanceof List<?> named) {
                    named.forEach(role -> roles.add(Role.valueOf(role.toString())));
                }
                List<String> subjects = new ArrayList<>();
                for (GraphQLArgument argument : field.getArguments()) {
                    if (argument.getAppliedDirective(SUBJECT) != null) {
                        subjects.add(argument.getName());
                    }
                }
                fields.put(root.getName() + "." + field.getName(), new Declared(Set.copyOf(roles), subjects));
            }
        }
        return Map.copyOf(fields);
    }

    private static List<GraphQLObjectType> roots(GraphQLSchema schema) {
        List<GraphQLObjectType> roots = new ArrayList<>();
        roots.add(schema.getQueryType());
        if (schema.getMutationType() != null) {
            roots.add(schema.getMutationType());
        }
        if (schema.getSubscriptionType() != null) {
            roots.add(schema.getSubscriptionType());
        }
        return roots;
    }

    /** The roles that may use a root field of {@code schema} ({@code Query.usage}); none when it is not declared. */
    static Set<Role> rolesOf(GraphQLSchema schema, String coordinate) {
        Declared field = read(schema).get(coordinate);
        return field == null ? Set.of() : field.roles();
    }

    /** Right after the document limits, before anything runs. */
    @Override
    public int getOrder() {
        return 0;
    }

    @Override
    public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
        ExecutionContext execution = parameters.getExecutionContext();
        Caller caller = execution.getGraphQLContext().get(Caller.class);
        if (caller == null) {
            // Fail closed: a request that did not come through the caller interceptor does nothing.
            throw refusal(List.of(error(ErrorCode.UNAUTHENTICATED, "Authentication required", null)));
        }
        RequestRecord trace = RequestRecord.of(execution.getGraphQLContext());
        GraphQLSchema schema = execution.getGraphQLSchema();
        GraphQLObjectType root =
                switch (execution.getOperationDefinition().getOperation()) {
                    case QUERY -> schema.getQueryType();
                    case MUTATION -> schema.getMutationType();
                    case SUBSCRIPTION -> schema.getSubscriptionType();
                };
        Map<String, Declared> declared = declared(schema);
        List<Field> fields = new ArrayList<>();
        collect(execution.getOperationDefinition().getSelectionSet(), execution, fields, new HashSet<>());
        Set<Role> held = caller.roles().held();
        List<GraphQLError> refused = new ArrayList<>();
        for (Field field : fields) {
            if (field.getName().startsWith("__") && !held.isEmpty()) {
                // Introspection and __typename: the admin schema is no secret to a caller with an admin role.
                continue;
            }
            Declared declaration = declared.get(root.getName() + "." + field.getName());
            if (declaration != null && trace != null) {
                for (String argument : declaration.subjectArguments()) {
                    subject(field, argument, execution).ifPresent(trace::named);
                }
            }
            if (declaration == null || declaration.roles().stream().noneMatch(held::contains)) {
                refused.add(error(
                        ErrorCode.FORBIDDEN_FIELD,
                        "Field '" + field.getResultKey() + "' is not available",
                        List.of(field.getResultKey())));
            }
        }
        if (caller.problem() != null) {
            throw refusal(List.of(error(ErrorCode.INVALID_ARGUMENT, caller.problem(), null)));
        }
        if (!refused.isEmpty()) {
            throw refusal(refused);
        }
        return null;
    }

    /** The root fields an operation selects, through inline fragments and fragment spreads. */
    private static void collect(
            SelectionSet selections, ExecutionContext execution, List<Field> fields, Set<String> spread) {
        for (Selection<?> selection : selections.getSelections()) {
            if (selection instanceof Field field) {
                fields.add(field);
            } else if (selection instanceof InlineFragment inline) {
                collect(inline.getSelectionSet(), execution, fields, spread);
            } else if (selection instanceof FragmentSpread fragment && spread.add(fragment.getName())) {
                FragmentDefinition definition = execution.getFragmentsByName().get(fragment.getName());
                if (definition != null) {
                    collect(definition.getSelectionSet(), execution, fields, spread);
                }
            }
        }
    }

    /** The subject an argument names (a resident ID number or a credit code, normalised); none if malformed. */
    private static Optional<Subject> subject(Field field, String name, ExecutionContext execution) {
        Argument argument = field.getArguments().stream()
                .filter(given -> given.getName().equals(name))
                .findFirst()
                .orElse(null);
        if (argument == null) {
            return Optional.empty();
        }
        Value<?> value = argument.getValue();
        Object raw = null;
        if (value instanceof StringValue text) {
            raw = text.getValue();
        } else if (value instanceof VariableReference variable) {
            raw = execution.getCoercedVariables().get(variable.getName());
        }
        return raw instanceof String text ? subject(text) : Optional.empty();
    }

    /** A subject by its identifier: a resident ID number or a unified social credit code, normalised. */
    static Optional<Subject> subject(String identifier) {
        for (IdentifierScheme scheme : IdentifierScheme.values()) {
            Optional<String> normalized = scheme.normalize(identifier);
            if (normalized.isPresent()) {
                return Optional.of(new Subject(scheme.name(), normalized.get()));
            }
        }
        return Optional.empty();
    }

    private static AbortExecutionException refusal(List<GraphQLError> errors) {
        return new AbortExecutionException(errors);
    }

    private static GraphQLError error(ErrorCode code, String message, @Nullable List<Object> path) {
        GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError()
                .errorType(ErrorType.FORBIDDEN)
                .message(message)
                .extensions(code.extensions());
        if (path != null) {
            builder.path(path);
        }
        return builder.build();
    }
}
