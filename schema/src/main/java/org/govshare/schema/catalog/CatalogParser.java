package org.govshare.schema.catalog;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.Definition;
import graphql.language.Description;
import graphql.language.Directive;
import graphql.language.DirectiveDefinition;
import graphql.language.DirectivesContainer;
import graphql.language.Document;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValue;
import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.IntValue;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.SDLDefinition;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.MultiSourceReader;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.govshare.schema.identifier.IdentifierScheme;
import org.jspecify.annotations.Nullable;

/**
 * Turns catalog SDL files into an immutable {@link Catalog}. Every defect (unknown source, a type without key, a
 * column bound twice, a field without binding or classification, a malformed relation or root field) is a
 * {@link CatalogException} naming the file, line and cause.
 */
public final class CatalogParser {
    static final Set<String> CATALOG_DIRECTIVES = Set.of(
            "source", "primaryKey", "column", "classification", "share", "identifier", "relation", "lookup", "page");
    static final Set<String> CATALOG_ENUMS =
            Set.of("CatalogLevel", "CatalogShareType", "CatalogIdentifierScheme", "CatalogUpdateFrequency");
    private static final Set<String> PAGE_ARGUMENTS = Set.of("first", "after");

    private final Set<String> knownSources;

    /** @param knownSources the configured source names; a type bound to any other source is an error */
    public CatalogParser(Set<String> knownSources) {
        this.knownSources = Set.copyOf(knownSources);
    }

    public Catalog parse(List<CatalogFile> files) {
        Document document = parseDocument(files);
        Map<String, ObjectTypeDefinition> objects = new LinkedHashMap<>();
        Map<String, EnumTypeDefinition> enums = new HashMap<>();
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof ObjectTypeDefinition object) {
                if (objects.putIfAbsent(object.getName(), object) != null) {
                    throw error(object, "type " + object.getName() + " is defined twice");
                }
            } else if (definition instanceof EnumTypeDefinition enumType) {
                enums.put(enumType.getName(), enumType);
            }
        }

        Map<String, CatalogType> types = new LinkedHashMap<>();
        Map<String, String> boundColumns = new HashMap<>();
        for (ObjectTypeDefinition object : objects.values()) {
            if (directive(object, "source") != null) {
                CatalogType type = keyedType(object, enums, boundColumns);
                types.put(type.name(), type);
            } else {
                rejectBindingsOutsideKeyedType(object);
            }
        }
        for (CatalogType type : types.values()) {
            checkRelations(type, types, objects);
        }
        Map<String, RootField> rootFields = rootFields(objects, types);
        VerificationDefinitions.Generated verification = VerificationDefinitions.generate(types, objects);
        verification.verifyFields().forEach(field -> rootFields.put(field.name(), field));
        return new Catalog(types, rootFields, verification.claimsInputs(), publicDefinitions(document, verification));
    }

    private static Document parseDocument(List<CatalogFile> files) {
        MultiSourceReader.Builder reader = MultiSourceReader.newMultiSourceReader();
        for (CatalogFile file : files) {
            // A trailing newline keeps the last line of one file from running into the first of the next.
            reader.string(file.content().endsWith("\n") ? file.content() : file.content() + "\n", file.name());
        }
        ParserOptions options = ParserOptions.getDefaultSdlParserOptions();
        try {
            return Parser.parse(ParserEnvironment.newParserEnvironment()
                    .document(reader.build())
                    .parserOptions(options)
                    .build());
        } catch (InvalidSyntaxException e) {
            throw new CatalogException(Location.of(e.getLocation()), "syntax error: " + e.getMessage());
        }
    }

    private CatalogType keyedType(
            ObjectTypeDefinition object, Map<String, EnumTypeDefinition> enums, Map<String, String> boundColumns) {
        Directive source = directive(object, "source");
        String sourceName = stringArgument(source, "name");
        String table = stringArgument(source, "table");
        if (!knownSources.contains(sourceName)) {
            throw error(source, "type " + object.getName() + " is bound to unknown source '" + sourceName + "'");
        }
        Directive key = directive(object, "primaryKey");
        if (key == null) {
            throw error(object, "type " + object.getName() + " has no @primaryKey");
        }
        List<String> keyFields = stringListArgument(key, "fields");
        if (keyFields.isEmpty()) {
            throw error(key, "type " + object.getName() + " has an empty @primaryKey");
        }

        Map<String, CatalogField> fields = new LinkedHashMap<>();
        for (FieldDefinition definition : object.getFieldDefinitions()) {
            CatalogField field = field(object, definition, enums);
            fields.put(field.name(), field);
            if (field instanceof ColumnField column) {
                String binding =
                        sourceName + "." + table + "." + column.column().toLowerCase(java.util.Locale.ROOT);
                String previous = boundColumns.putIfAbsent(binding, object.getName() + "." + column.name());
                if (previous != null) {
                    throw error(
                            definition,
                            "column " + binding + " is bound twice: by " + previous + " and by " + object.getName()
                                    + "." + column.name());
                }
            }
        }
        for (String keyField : keyFields) {
            CatalogField field = fields.get(keyField);
            if (!(field instanceof ColumnField column)) {
                throw error(key, "key field " + keyField + " of " + object.getName() + " is not a column field");
            }
            if (column.nullable()) {
                throw error(key, "key field " + keyField + " of " + object.getName() + " must be non-null");
            }
        }
        Optional<String> updateFrequency = source.getArgument("updateFrequency") == null
                ? Optional.empty()
                : Optional.of(enumArgument(source, "updateFrequency"));
        return new CatalogType(
                object.getName(),
                new SourceTable(sourceName, table),
                optionalStringArgument(source, "provider").orElse(sourceName),
                updateFrequency.map(UpdateFrequency::valueOf),
                keyFields,
                fields,
                description(object.getDescription()),
                Location.of(object.getSourceLocation()));
    }

    private static CatalogField field(
            ObjectTypeDefinition owner, FieldDefinition definition, Map<String, EnumTypeDefinition> enums) {
        String coordinate = owner.getName() + "." + definition.getName();
        Directive column = directive(definition, "column");
        Directive relation = directive(definition, "relation");
        if ((column == null) == (relation == null)) {
            throw error(definition, coordinate + " needs exactly one of @column or @relation");
        }
        Sharing sharing = sharing(definition, coordinate);
        Location location = Location.of(definition.getSourceLocation());
        Optional<String> description = description(definition.getDescription());
        if (column != null) {
            if (!definition.getInputValueDefinitions().isEmpty()) {
                throw error(definition, coordinate + " is a column field and takes no arguments");
            }
            Type<?> type = definition.getType();
            boolean nullable = !(type instanceof NonNullType);
            Directive identifier = directive(definition, "identifier");
            Optional<IdentifierScheme> scheme = identifier == null
                    ? Optional.empty()
                    : Optional.of(IdentifierScheme.valueOf(enumArgument(identifier, "scheme")));
            return new ColumnField(
                    definition.getName(),
                    stringArgument(column, "name"),
                    valueKind(definition, coordinate, enums),
                    nullable,
                    scheme,
                    sharing,
                    description,
                    location);
        }
        Type<?> type = unwrapNonNull(definition.getType());
        boolean many = type instanceof ListType;
        String target = typeName(definition.getType());
        List<String> filterArguments = definition.getInputValueDefinitions().stream()
                .map(InputValueDefinition::getName)
                .toList();
        Optional<String> claim = optionalStringArgument(relation, "claim");
        if (claim.isPresent() && !many) {
            throw error(relation, coordinate + " leads to one record: its claims take the relation's own name");
        }
        return new RelationField(
                definition.getName(),
                target,
                stringListArgument(relation, "columns"),
                many,
                filterArguments,
                many ? claim : Optional.of(definition.getName()),
                sharing,
                description,
                location);
    }

    private static Sharing sharing(FieldDefinition definition, String coordinate) {
        Directive classification = directive(definition, "classification");
        Directive share = directive(definition, "share");
        if (classification == null || share == null) {
            throw error(
                    definition, coordinate + " needs @classification and @share (every catalog item is classified)");
        }
        ShareType shareType = ShareType.valueOf(enumArgument(share, "type"));
        Optional<String> basis = optionalStringArgument(share, "basis");
        if (shareType == ShareType.NOT_SHARED && basis.isEmpty()) {
            throw error(share, coordinate + " is NOT_SHARED and must state its legal basis");
        }
        return new Sharing(
                new Classification(
                        Level.valueOf(enumArgument(classification, "level")),
                        stringArgument(classification, "category")),
                shareType,
                basis);
    }

    private static ValueKind valueKind(
            FieldDefinition definition, String coordinate, Map<String, EnumTypeDefinition> enums) {
        Type<?> type = unwrapNonNull(definition.getType());
        if (!(type instanceof TypeName name)) {
            throw error(definition, coordinate + " is a column field and cannot be a list");
        }
        return switch (name.getName()) {
            case "ID" -> ValueKind.ID;
            case "String" -> ValueKind.STRING;
            case "Int" -> ValueKind.INT;
            case "Boolean" -> ValueKind.BOOLEAN;
            case "Date" -> ValueKind.DATE;
            case "Decimal" -> ValueKind.DECIMAL;
            default -> {
                if (enums.containsKey(name.getName())) {
                    yield ValueKind.ENUM;
                }
                throw error(definition, coordinate + " has type " + name.getName() + ", which no column can hold");
            }
        };
    }

    private static void checkRelations(
            CatalogType type, Map<String, CatalogType> types, Map<String, ObjectTypeDefinition> objects) {
        for (CatalogField field : type.fields().values()) {
            if (!(field instanceof RelationField relation)) {
                continue;
            }
            String coordinate = type.name() + "." + relation.name();
            CatalogType target = types.get(relation.targetType());
            if (target == null) {
                throw new CatalogException(
                        relation.location(),
                        coordinate + " leads to " + relation.targetType() + ", which is not a keyed type");
            }
            int keySize = target.keyFields().size();
            int columns = relation.columns().size();
            boolean fits = relation.many() ? columns >= 1 && columns <= keySize : columns == keySize;
            if (!fits) {
                throw new CatalogException(
                        relation.location(),
                        coordinate + " names " + columns + " column(s) but " + target.name() + " has a key of "
                                + keySize
                                + (relation.many()
                                        ? " (a list needs a key prefix)"
                                        : " (an object needs the whole key)"));
            }
            for (String argument : relation.filterArguments()) {
                if (!(target.fields().get(argument) instanceof ColumnField)) {
                    throw new CatalogException(
                            relation.location(),
                            coordinate + " argument " + argument + " names no column field of " + target.name());
                }
            }
            if (!objects.containsKey(target.name())) {
                throw new CatalogException(relation.location(), coordinate + " leads to an undefined type");
            }
        }
    }

    private static void rejectBindingsOutsideKeyedType(ObjectTypeDefinition object) {
        if (directive(object, "primaryKey") != null) {
            throw error(object, "type " + object.getName() + " has @primaryKey but no @source");
        }
        for (FieldDefinition field : object.getFieldDefinitions()) {
            if (directive(field, "column") != null || directive(field, "relation") != null) {
                throw error(
                        field,
                        object.getName() + "." + field.getName() + " is bound but " + object.getName()
                                + " has no @source");
            }
        }
    }

    private static Map<String, RootField> rootFields(
            Map<String, ObjectTypeDefinition> objects, Map<String, CatalogType> types) {
        ObjectTypeDefinition query = objects.get("Query");
        Map<String, RootField> roots = new LinkedHashMap<>();
        if (query == null) {
            return roots;
        }
        for (FieldDefinition field : query.getFieldDefinitions()) {
            Directive lookup = directive(field, "lookup");
            Directive page = directive(field, "page");
            if (lookup != null) {
                roots.put(field.getName(), lookupField(field, types));
            } else if (page != null) {
                roots.put(field.getName(), pageField(field, page, objects, types));
            } else {
                throw error(field, "Query." + field.getName() + " needs @lookup or @page");
            }
        }
        return roots;
    }

    private static LookupField lookupField(FieldDefinition field, Map<String, CatalogType> types) {
        String coordinate = "Query." + field.getName();
        CatalogType target = types.get(typeName(field.getType()));
        if (target == null || unwrapNonNull(field.getType()) instanceof ListType) {
            throw error(field, coordinate + " is a @lookup and must return one keyed type");
        }
        List<String> arguments = field.getInputValueDefinitions().stream()
                .map(InputValueDefinition::getName)
                .toList();
        if (!Set.copyOf(arguments).equals(Set.copyOf(target.keyFields()))
                || arguments.size() != target.keyFields().size()) {
            throw error(
                    field,
                    coordinate + " arguments must be exactly the key of " + target.name() + " " + target.keyFields());
        }
        return new LookupField(field.getName(), target.name(), Location.of(field.getSourceLocation()));
    }

    private static PageField pageField(
            FieldDefinition field,
            Directive page,
            Map<String, ObjectTypeDefinition> objects,
            Map<String, CatalogType> types) {
        String coordinate = "Query." + field.getName();
        ObjectTypeDefinition connection = objects.get(typeName(field.getType()));
        ObjectTypeDefinition edge = connection == null ? null : objects.get(fieldTypeName(connection, "edges"));
        CatalogType target = edge == null ? null : types.get(fieldTypeName(edge, "node"));
        if (target == null || fieldTypeName(connection, "pageInfo") == null || fieldTypeName(edge, "cursor") == null) {
            throw error(
                    field,
                    coordinate + " is a @page and must return a connection (edges { cursor node }, pageInfo)"
                            + " of a keyed type");
        }
        List<String> filters = new ArrayList<>();
        int defaultPageSize = -1;
        for (InputValueDefinition argument : field.getInputValueDefinitions()) {
            if (argument.getName().equals("first")) {
                defaultPageSize = argument.getDefaultValue() instanceof IntValue value
                        ? value.getValue().intValueExact()
                        : -1;
            } else if (!PAGE_ARGUMENTS.contains(argument.getName())) {
                if (!(target.fields().get(argument.getName()) instanceof ColumnField)) {
                    throw error(
                            argument,
                            coordinate + " argument " + argument.getName() + " names no column field of "
                                    + target.name());
                }
                filters.add(argument.getName());
            }
        }
        int maxPageSize =
                ((IntValue) argumentValue(page, "maxPageSize")).getValue().intValueExact();
        if (defaultPageSize < 1 || defaultPageSize > maxPageSize) {
            throw error(field, coordinate + " needs `first: Int` with a default between 1 and " + maxPageSize);
        }
        return new PageField(
                field.getName(),
                target.name(),
                filters,
                maxPageSize,
                defaultPageSize,
                Location.of(field.getSourceLocation()));
    }

    private static @Nullable String fieldTypeName(ObjectTypeDefinition object, String fieldName) {
        return object.getFieldDefinitions().stream()
                .filter(field -> field.getName().equals(fieldName))
                .findFirst()
                .map(field -> typeName(field.getType()))
                .orElse(null);
    }

    /**
     * The registry consumers see: the same definitions without catalog directives and their enums, plus the generated
     * verification types and {@code Query.verify*} fields.
     */
    @SuppressWarnings("rawtypes") // graphql-java's Document builder takes a raw List<Definition>
    private static Document publicDefinitions(Document document, VerificationDefinitions.Generated verification) {
        List<Definition> definitions = new ArrayList<>();
        boolean hasQuery = false;
        for (Definition<?> definition : document.getDefinitions()) {
            SDLDefinition<?> stripped = stripped(definition);
            if (stripped instanceof ObjectTypeDefinition object
                    && object.getName().equals("Query")) {
                hasQuery = true;
                List<FieldDefinition> fields = new ArrayList<>(object.getFieldDefinitions());
                fields.addAll(verification.queryFields());
                stripped = object.transform(builder -> builder.fieldDefinitions(fields));
            }
            if (stripped != null) {
                definitions.add(stripped);
            }
        }
        if (!hasQuery && !verification.queryFields().isEmpty()) {
            definitions.add(ObjectTypeDefinition.newObjectTypeDefinition()
                    .name("Query")
                    .fieldDefinitions(verification.queryFields())
                    .build());
        }
        definitions.addAll(verification.definitions());
        return Document.newDocument().definitions(definitions).build();
    }

    private static @Nullable SDLDefinition<?> stripped(Definition<?> definition) {
        if (definition instanceof DirectiveDefinition directive && CATALOG_DIRECTIVES.contains(directive.getName())) {
            return null;
        }
        if (definition instanceof EnumTypeDefinition enumType && CATALOG_ENUMS.contains(enumType.getName())) {
            return null;
        }
        if (definition instanceof ObjectTypeDefinition object) {
            return object.transform(builder -> builder.directives(publicDirectives(object))
                    .fieldDefinitions(object.getFieldDefinitions().stream()
                            .map(field ->
                                    field.transform(fieldBuilder -> fieldBuilder.directives(publicDirectives(field))))
                            .toList()));
        }
        return definition instanceof SDLDefinition<?> sdl ? sdl : null;
    }

    private static List<Directive> publicDirectives(DirectivesContainer<?> container) {
        return container.getDirectives().stream()
                .filter(directive -> !CATALOG_DIRECTIVES.contains(directive.getName()))
                .toList();
    }

    private static Optional<String> description(@Nullable Description description) {
        return description == null
                ? Optional.empty()
                : Optional.of(description.getContent().strip());
    }

    private static Type<?> unwrapNonNull(Type<?> type) {
        return type instanceof NonNullType nonNull ? nonNull.getType() : type;
    }

    private static String typeName(Type<?> type) {
        Type<?> current = type;
        while (!(current instanceof TypeName)) {
            current = current instanceof NonNullType nonNull ? nonNull.getType() : ((ListType) current).getType();
        }
        return ((TypeName) current).getName();
    }

    private static @Nullable Directive directive(DirectivesContainer<?> container, String name) {
        List<Directive> directives = container.getDirectives(name);
        if (directives.size() > 1) {
            throw error(directives.get(1), "@" + name + " is given twice");
        }
        return directives.isEmpty() ? null : directives.get(0);
    }

    private static Value<?> argumentValue(Directive directive, String name) {
        Argument argument = directive.getArgument(name);
        if (argument == null) {
            throw error(directive, "@" + directive.getName() + " needs argument " + name);
        }
        return argument.getValue();
    }

    private static String stringArgument(Directive directive, String name) {
        if (argumentValue(directive, name) instanceof StringValue value
                && !value.getValue().isBlank()) {
            return value.getValue();
        }
        throw error(directive, "@" + directive.getName() + "(" + name + ") must be a non-empty string");
    }

    private static Optional<String> optionalStringArgument(Directive directive, String name) {
        Argument argument = directive.getArgument(name);
        return argument != null && argument.getValue() instanceof StringValue value
                ? Optional.of(value.getValue())
                : Optional.empty();
    }

    private static String enumArgument(Directive directive, String name) {
        if (argumentValue(directive, name) instanceof EnumValue value) {
            return value.getName();
        }
        throw error(directive, "@" + directive.getName() + "(" + name + ") must be an enum value");
    }

    private static List<String> stringListArgument(Directive directive, String name) {
        Value<?> value = argumentValue(directive, name);
        List<? extends Value<?>> values = value instanceof ArrayValue array ? elements(array) : List.of(value);
        List<String> strings = new ArrayList<>();
        for (Value<?> element : values) {
            if (!(element instanceof StringValue string)) {
                throw error(directive, "@" + directive.getName() + "(" + name + ") must be a list of strings");
            }
            strings.add(string.getValue());
        }
        return strings;
    }

    @SuppressWarnings({"rawtypes", "unchecked"}) // graphql-java's ArrayValue returns a raw List<Value>
    private static List<? extends Value<?>> elements(ArrayValue array) {
        return (List) array.getValues();
    }

    private static CatalogException error(graphql.language.Node<?> node, String cause) {
        return new CatalogException(Location.of(node.getSourceLocation()), cause);
    }
}
