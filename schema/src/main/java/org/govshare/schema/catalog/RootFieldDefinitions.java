package org.govshare.schema.catalog;

import static org.govshare.schema.catalog.CatalogParser.collect;
import static org.govshare.schema.catalog.CatalogParser.error;
import static org.govshare.schema.catalog.CatalogParser.optionalStringArgument;
import static org.govshare.schema.catalog.CatalogParser.problem;
import static org.govshare.schema.catalog.CatalogParser.stringArgument;
import static org.govshare.schema.catalog.CatalogParser.stringListArgument;

import graphql.language.Argument;
import graphql.language.Definition;
import graphql.language.Description;
import graphql.language.Directive;
import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.IntValue;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Generates the root fields a catalog asks for on its keyed types: {@code @lookup} gives {@code name(<key>): T},
 * {@code @listing} gives {@code name(<filters>, first, after): TConnection!} with the connection types
 * ({@code TConnection}, {@code TEdge} and the shared {@code PageInfo}). Sharing a table is one SDL file: nothing is
 * written by hand for its root fields.
 */
final class RootFieldDefinitions {
    static final String PAGE_INFO = "PageInfo";
    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAXIMUM_PAGE_SIZE = 100;
    private static final Pattern NAME = Pattern.compile("[_A-Za-z][_0-9A-Za-z]*");

    /** The root fields by name, their definitions on {@code Query}, and the connection types they return. */
    record Generated(
            Map<String, RootField> fields, List<FieldDefinition> queryFields, List<Definition<?>> definitions) {}

    private RootFieldDefinitions() {}

    static Generated generate(
            Map<String, CatalogType> types,
            Map<String, ObjectTypeDefinition> objects,
            Map<String, Location> definedTypes,
            List<CatalogProblem> problems) {
        Map<String, RootField> fields = new LinkedHashMap<>();
        List<FieldDefinition> queryFields = new ArrayList<>();
        List<Definition<?>> definitions = new ArrayList<>();
        Set<String> connections = new LinkedHashSet<>();
        for (CatalogType type : types.values()) {
            ObjectTypeDefinition object = objects.get(type.name());
            List<Directive> lookups = object.getDirectives("lookup");
            if (lookups.size() > 1) {
                problems.add(problem(lookups.get(1), "@lookup is given twice: a type has one lookup by its key"));
            }
            if (!lookups.isEmpty()) {
                Directive lookup = lookups.get(0);
                collect(problems, () -> {
                    String name = optionalStringArgument(lookup, "name").orElse(decapitalized(type.name()));
                    LookupField root = new LookupField(name, type.name(), Location.of(lookup.getSourceLocation()));
                    add(fields, queryFields, lookupField(type, object, lookup, name), root, lookup, problems);
                    return null;
                });
            }
            for (Directive listing : object.getDirectives("listing")) {
                collect(problems, () -> {
                    String name = stringArgument(listing, "name");
                    PageField page = pageField(type, listing, name);
                    add(fields, queryFields, listingField(type, object, listing, page), page, listing, problems);
                    if (connections.add(type.name())) {
                        for (String generated : List.of(type.name() + "Connection", type.name() + "Edge")) {
                            Location taken = definedTypes.get(generated);
                            if (taken != null) {
                                throw error(
                                        listing,
                                        "type " + generated + " (at " + taken + ") is generated for the listing of "
                                                + type.name() + ": rename it");
                            }
                        }
                        definitions.addAll(connectionTypes(type.name()));
                    }
                    return null;
                });
            }
        }
        if (!connections.isEmpty()) {
            Location taken = definedTypes.get(PAGE_INFO);
            if (taken != null) {
                problems.add(new CatalogProblem(taken, "type PageInfo is generated for listings: rename it"));
            }
            definitions.add(ObjectTypeDefinition.newObjectTypeDefinition()
                    .name(PAGE_INFO)
                    .description(description("Relay-style paging information."))
                    .fieldDefinitions(List.of(
                            field("hasNextPage", nonNull("Boolean"), null),
                            field("endCursor", new TypeName("String"), null)))
                    .build());
        }
        return new Generated(fields, queryFields, definitions);
    }

    private static void add(
            Map<String, RootField> fields,
            List<FieldDefinition> queryFields,
            FieldDefinition definition,
            RootField root,
            Directive directive,
            List<CatalogProblem> problems) {
        if (!NAME.matcher(root.name()).matches()) {
            problems.add(problem(directive, "root field name '" + root.name() + "' is not a GraphQL name"));
            return;
        }
        RootField taken = fields.putIfAbsent(root.name(), root);
        if (taken != null) {
            problems.add(problem(
                    directive,
                    "root field " + root.name() + " is generated twice: for " + taken.targetType() + " (at "
                            + taken.location() + ") and here"));
            return;
        }
        queryFields.add(definition);
    }

    private static FieldDefinition lookupField(
            CatalogType type, ObjectTypeDefinition object, Directive lookup, String name) {
        List<InputValueDefinition> arguments = new ArrayList<>();
        for (String key : type.keyFields()) {
            arguments.add(argument(key, nonNull(namedType(object, key))));
        }
        String text = optionalStringArgument(lookup, "description")
                .orElse("One " + type.name() + " by its key; null when there is none (or none the caller may see).");
        return FieldDefinition.newFieldDefinition()
                .name(name)
                .description(description(text))
                .inputValueDefinitions(arguments)
                .type(new TypeName(type.name()))
                .sourceLocation(lookup.getSourceLocation())
                .build();
    }

    private static PageField pageField(CatalogType type, Directive listing, String name) {
        if (type.keyFields().size() != 1) {
            throw error(
                    listing,
                    "listing " + name + " pages " + type.name() + " in key order, which needs a key of one field");
        }
        List<String> filters =
                listing.getArgument("filters") == null ? List.of() : stringListArgument(listing, "filters");
        Set<String> seen = new LinkedHashSet<>();
        for (String filter : filters) {
            if (!seen.add(filter)) {
                throw error(listing, "listing " + name + " filters on " + filter + " twice");
            }
            if (!(type.fields().get(filter) instanceof ColumnField column)) {
                throw error(
                        listing, "listing " + name + " filter " + filter + " names no column field of " + type.name());
            }
            if (column.sharing().shareType() == ShareType.NOT_SHARED) {
                // A filter answers "is there a record with this value": that would share the value by guessing.
                throw error(listing, "listing " + name + " cannot filter on " + filter + ", which is NOT_SHARED");
            }
            if (filter.equals("first") || filter.equals("after")) {
                throw error(listing, "listing " + name + " cannot filter on " + filter + ": the name pages the list");
            }
        }
        int defaultPageSize = intArgument(listing, "defaultPageSize", DEFAULT_PAGE_SIZE);
        int maxPageSize = intArgument(listing, "maxPageSize", MAXIMUM_PAGE_SIZE);
        if (maxPageSize < 1 || defaultPageSize < 1 || defaultPageSize > maxPageSize) {
            throw error(listing, "listing " + name + " needs 1 <= defaultPageSize <= maxPageSize");
        }
        return new PageField(
                name, type.name(), filters, maxPageSize, defaultPageSize, Location.of(listing.getSourceLocation()));
    }

    private static FieldDefinition listingField(
            CatalogType type, ObjectTypeDefinition object, Directive listing, PageField page) {
        List<InputValueDefinition> arguments = new ArrayList<>();
        for (String filter : page.filterFields()) {
            arguments.add(argument(filter, nonNull(namedType(object, filter))));
        }
        arguments.add(InputValueDefinition.newInputValueDefinition()
                .name("first")
                .type(new TypeName("Int"))
                .defaultValue(IntValue.of(page.defaultPageSize()))
                .build());
        arguments.add(argument("after", new TypeName("String")));
        String text = optionalStringArgument(listing, "description")
                .orElse(type.name() + " records in key order, at most " + page.maxPageSize() + " per page.");
        return FieldDefinition.newFieldDefinition()
                .name(page.name())
                .description(description(text))
                .inputValueDefinitions(arguments)
                .type(nonNull(type.name() + "Connection"))
                .sourceLocation(listing.getSourceLocation())
                .build();
    }

    private static List<Definition<?>> connectionTypes(String type) {
        return List.of(
                ObjectTypeDefinition.newObjectTypeDefinition()
                        .name(type + "Connection")
                        .description(description("A page of " + type + " records."))
                        .fieldDefinitions(List.of(
                                field("edges", new NonNullType(new ListType(nonNull(type + "Edge"))), null),
                                field("pageInfo", nonNull(PAGE_INFO), null)))
                        .build(),
                ObjectTypeDefinition.newObjectTypeDefinition()
                        .name(type + "Edge")
                        .description(description("One " + type + " and the opaque cursor just after it."))
                        .fieldDefinitions(
                                List.of(field("cursor", nonNull("String"), null), field("node", nonNull(type), null)))
                        .build());
    }

    private static int intArgument(Directive directive, String name, int defaultValue) {
        Argument argument = directive.getArgument(name);
        if (argument == null) {
            return defaultValue;
        }
        if (argument.getValue() instanceof IntValue value
                && value.getValue().compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) <= 0) {
            return value.getValue().intValue();
        }
        throw error(directive, "@" + directive.getName() + "(" + name + ") must be an Int");
    }

    /** The named type of a field of the object ({@code ID} for {@code idNumber: ID!}). */
    private static TypeName namedType(ObjectTypeDefinition object, String field) {
        Type<?> type = object.getFieldDefinitions().stream()
                .filter(definition -> definition.getName().equals(field))
                .findFirst()
                .orElseThrow()
                .getType();
        return new TypeName(CatalogParser.typeName(type));
    }

    private static String decapitalized(String name) {
        return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
    }

    private static NonNullType nonNull(String type) {
        return new NonNullType(new TypeName(type));
    }

    private static NonNullType nonNull(TypeName type) {
        return new NonNullType(type);
    }

    private static InputValueDefinition argument(String name, Type<?> type) {
        return InputValueDefinition.newInputValueDefinition()
                .name(name)
                .type(type)
                .build();
    }

    private static FieldDefinition field(String name, Type<?> type, @org.jspecify.annotations.Nullable String text) {
        FieldDefinition.Builder builder =
                FieldDefinition.newFieldDefinition().name(name).type(type);
        if (text != null) {
            builder.description(description(text));
        }
        return builder.build();
    }

    private static Description description(String text) {
        return new Description(text, null, text.contains("\n"));
    }
}
