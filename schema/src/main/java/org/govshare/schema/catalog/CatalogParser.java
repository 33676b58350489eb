package org.govshare.schema.catalog;

import graphql.GraphQLError;
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
import graphql.language.ListType;
import graphql.language.NamedNode;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.SDLDefinition;
import graphql.language.SDLExtensionDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.SchemaDefinition;
import graphql.language.SourceLocation;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.MultiSourceReader;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.schema.idl.errors.SchemaProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.govshare.schema.identifier.IdentifierScheme;
import org.jspecify.annotations.Nullable;

/**
 * Turns catalog SDL files into an immutable {@link Catalog}. The catalog language (directives and scalars) is added
 * to the given files; root fields come from {@code @lookup} and {@code @listing} on the keyed types, verification
 * fields from their claims. Every defect found (syntax, an unknown source, a type without key, a column bound twice,
 * a field without binding or classification, a malformed relation or root field, a reference to an undefined type) is
 * collected, and a {@link CatalogException} names each with its file, line and cause.
 */
public final class CatalogParser {
    static final Set<String> CATALOG_DIRECTIVES = Set.of(
            "source", "primaryKey", "column", "classification", "share", "identifier", "relation", "lookup", "listing");
    static final Set<String> CATALOG_ENUMS =
            Set.of("CatalogLevel", "CatalogShareType", "CatalogIdentifierScheme", "CatalogUpdateFrequency");
    private static final Set<String> ROOT_TYPES = Set.of("Query", "Mutation", "Subscription");

    private final @Nullable Set<String> knownSources;

    /** @param knownSources the configured source names; a type bound to any other source is an error */
    public CatalogParser(Set<String> knownSources) {
        this.knownSources = Set.copyOf(knownSources);
    }

    private CatalogParser() {
        this.knownSources = null;
    }

    /** A parser that takes any source name: for checking a catalog's files without a configuration. */
    public static CatalogParser anySource() {
        return new CatalogParser();
    }

    public Catalog parse(List<CatalogFile> files) {
        List<CatalogProblem> problems = new ArrayList<>();
        List<Definition<?>> language = new ArrayList<>();
        for (CatalogFile file : CatalogFile.language()) {
            language.addAll(parseFile(file, problems));
        }
        List<Definition<?>> own = new ArrayList<>();
        for (CatalogFile file : files) {
            own.addAll(parseFile(file, problems));
        }
        failIfAny(problems);

        Map<String, Location> defined = new HashMap<>();
        Map<String, EnumTypeDefinition> enums = new HashMap<>();
        for (Definition<?> definition : language) {
            if (definition instanceof NamedNode<?> named && !(definition instanceof DirectiveDefinition)) {
                defined.put(named.getName(), Location.of(definition.getSourceLocation()));
            }
            if (definition instanceof EnumTypeDefinition enumType) {
                enums.put(enumType.getName(), enumType);
            }
        }
        Map<String, ObjectTypeDefinition> objects = new LinkedHashMap<>();
        for (Definition<?> definition : own) {
            collect(problems, () -> {
                accept(definition, defined, objects, enums);
                return null;
            });
        }

        Map<String, CatalogType> types = new LinkedHashMap<>();
        Map<String, String> boundColumns = new HashMap<>();
        for (ObjectTypeDefinition object : objects.values()) {
            CatalogType type = keyedType(object, enums, boundColumns, problems);
            if (type != null) {
                types.put(type.name(), type);
            }
        }
        for (CatalogType type : types.values()) {
            checkRelations(type, types, problems);
        }
        failIfAny(problems);

        RootFieldDefinitions.Generated roots = RootFieldDefinitions.generate(types, objects, defined, problems);
        VerificationDefinitions.Generated verification =
                collect(problems, () -> VerificationDefinitions.generate(types, objects));
        failIfAny(problems);
        Map<String, RootField> rootFields = new LinkedHashMap<>(roots.fields());
        for (VerifyField field : verification.verifyFields()) {
            RootField taken = rootFields.putIfAbsent(field.name(), field);
            if (taken != null) {
                problems.add(new CatalogProblem(
                        taken.location(),
                        "root field " + field.name() + " is reserved for the verification of " + field.targetType()));
            }
        }
        if (rootFields.isEmpty()) {
            problems.add(new CatalogProblem(
                    new Location(files.isEmpty() ? "<catalog>" : files.get(0).name(), 0, 0),
                    "the catalog shares nothing: it needs at least one keyed type (type … @source … @primaryKey)"));
        }
        failIfAny(problems);

        List<Definition<?>> all = new ArrayList<>(language);
        all.addAll(own);
        Document publicDocument = publicDefinitions(all, roots, verification);
        checkReferences(publicDocument, problems);
        failIfAny(problems);
        return new Catalog(types, rootFields, verification.claimsInputs(), publicDocument);
    }

    /** Parses one file on its own, so that a syntax error in one file does not hide those of the others. */
    private static List<Definition<?>> parseFile(CatalogFile file, List<CatalogProblem> problems) {
        MultiSourceReader reader = MultiSourceReader.newMultiSourceReader()
                // A trailing newline keeps a last line without one from being cut.
                .string(file.content().endsWith("\n") ? file.content() : file.content() + "\n", file.name())
                .build();
        ParserOptions options = ParserOptions.getDefaultSdlParserOptions();
        try {
            List<Definition<?>> definitions = new ArrayList<>();
            for (Definition<?> definition : Parser.parse(ParserEnvironment.newParserEnvironment()
                            .document(reader)
                            .parserOptions(options)
                            .build())
                    .getDefinitions()) {
                definitions.add(definition);
            }
            return definitions;
        } catch (InvalidSyntaxException e) {
            SourceLocation at = e.getLocation();
            Location location = at == null
                    ? new Location(file.name(), 0, 0)
                    : new Location(file.name(), at.getLine(), at.getColumn());
            problems.add(new CatalogProblem(location, "syntax error: " + e.getMessage()));
            return List.of();
        }
    }

    /** Takes one definition of a catalog's own files: keyed types and enums, each defined once. */
    private static void accept(
            Definition<?> definition,
            Map<String, Location> defined,
            Map<String, ObjectTypeDefinition> objects,
            Map<String, EnumTypeDefinition> enums) {
        if (definition instanceof SDLExtensionDefinition) {
            throw error(
                    definition, "a catalog defines each type once, in one file: extensions (extend …) are not used");
        }
        if (definition instanceof DirectiveDefinition directive) {
            throw error(
                    definition,
                    "directive @" + directive.getName()
                            + " is not declared by a catalog: govshare's catalog language declares the directives");
        }
        if (definition instanceof SchemaDefinition) {
            throw error(definition, "a catalog has no schema definition: its root fields are generated");
        }
        if (definition instanceof ScalarTypeDefinition scalar) {
            throw error(
                    definition,
                    "scalar " + scalar.getName() + " is not part of a catalog: fields are ID, String, Int, Boolean,"
                            + " Date, Decimal or an enum");
        }
        if (!(definition instanceof ObjectTypeDefinition) && !(definition instanceof EnumTypeDefinition)) {
            String name = definition instanceof NamedNode<?> named ? " " + named.getName() : "";
            throw error(
                    definition,
                    definition.getClass().getSimpleName().replace("Definition", "") + name
                            + " is not part of a catalog: it holds keyed types (type … @source) and enums");
        }
        String name = ((NamedNode<?>) definition).getName();
        if (definition instanceof ObjectTypeDefinition && ROOT_TYPES.contains(name)) {
            throw error(
                    definition,
                    "a catalog defines no " + name
                            + " type: root fields come from @lookup and @listing on the keyed types");
        }
        Location previous = defined.putIfAbsent(name, Location.of(definition.getSourceLocation()));
        if (previous != null) {
            throw error(definition, "type " + name + " is defined twice: here and at " + previous);
        }
        if (definition instanceof ObjectTypeDefinition object) {
            objects.put(name, object);
        } else {
            enums.put(name, (EnumTypeDefinition) definition);
        }
    }

    private @Nullable CatalogType keyedType(
            ObjectTypeDefinition object,
            Map<String, EnumTypeDefinition> enums,
            Map<String, String> boundColumns,
            List<CatalogProblem> problems) {
        int before = problems.size();
        Directive source = collect(problems, () -> directive(object, "source"));
        if (source == null) {
            if (before == problems.size()) {
                problems.add(problem(
                        object,
                        "type " + object.getName() + " has no @source: every object type of a catalog is bound to"
                                + " one table of one source (connection and result types are generated)"));
            }
            return null;
        }
        String sourceName = collect(problems, () -> {
            String name = stringArgument(source, "name");
            if (knownSources != null && !knownSources.contains(name)) {
                throw error(
                        source,
                        "type " + object.getName() + " is bound to unknown source '" + name
                                + "' (configure govshare.sources." + name + ")");
            }
            return name;
        });
        String table = collect(problems, () -> stringArgument(source, "table"));
        List<String> keyFields = collect(problems, () -> {
            Directive key = directive(object, "primaryKey");
            if (key == null) {
                throw error(object, "type " + object.getName() + " has no @primaryKey");
            }
            List<String> names = stringListArgument(key, "fields");
            if (names.isEmpty()) {
                throw error(key, "type " + object.getName() + " has an empty @primaryKey");
            }
            return names;
        });

        Map<String, CatalogField> fields = new LinkedHashMap<>();
        for (FieldDefinition definition : object.getFieldDefinitions()) {
            CatalogField field = collect(problems, () -> field(object, definition, enums));
            if (field == null) {
                continue;
            }
            fields.put(field.name(), field);
            if (field instanceof ColumnField column && sourceName != null && table != null) {
                String binding = sourceName + "." + table.toLowerCase(Locale.ROOT) + "."
                        + column.column().toLowerCase(Locale.ROOT);
                String coordinate = object.getName() + "." + column.name();
                String previous = boundColumns.putIfAbsent(binding, coordinate);
                if (previous != null) {
                    problems.add(problem(
                            definition,
                            "column " + binding + " is bound twice: by " + previous + " and by " + coordinate
                                    + " (一数一源: one authoritative source per item)"));
                }
            }
        }
        if (keyFields != null) {
            Directive key = directive(object, "primaryKey");
            for (String keyField : keyFields) {
                boolean declared = object.getFieldDefinitions().stream()
                        .anyMatch(f -> f.getName().equals(keyField));
                CatalogField field = fields.get(keyField);
                if (!declared) {
                    problems.add(problem(key, "key field " + keyField + " of " + object.getName() + " names no field"));
                } else if (field != null && !(field instanceof ColumnField)) {
                    problems.add(problem(
                            key, "key field " + keyField + " of " + object.getName() + " is not a column field"));
                } else if (field instanceof ColumnField column && column.nullable()) {
                    problems.add(
                            problem(key, "key field " + keyField + " of " + object.getName() + " must be non-null"));
                }
            }
        }
        Optional<UpdateFrequency> updateFrequency = collect(
                problems,
                () -> source.getArgument("updateFrequency") == null
                        ? Optional.<UpdateFrequency>empty()
                        : Optional.of(enumArgument(source, "updateFrequency", UpdateFrequency.class)));
        if (problems.size() > before
                || sourceName == null
                || table == null
                || keyFields == null
                || updateFrequency == null) {
            return null;
        }
        return new CatalogType(
                object.getName(),
                new SourceTable(sourceName, table),
                optionalStringArgument(source, "provider").orElse(sourceName),
                updateFrequency,
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
                    : Optional.of(enumArgument(identifier, "scheme", IdentifierScheme.class));
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
        List<String> columns = stringListArgument(relation, "columns");
        if (columns.isEmpty()) {
            throw error(relation, coordinate + " names no columns: a relation needs the columns that hold the key");
        }
        return new RelationField(
                definition.getName(),
                target,
                columns,
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
        ShareType shareType = enumArgument(share, "type", ShareType.class);
        Optional<String> basis = optionalStringArgument(share, "basis");
        if (shareType == ShareType.NOT_SHARED && basis.isEmpty()) {
            throw error(share, coordinate + " is NOT_SHARED and must state its legal basis");
        }
        return new Sharing(
                new Classification(
                        enumArgument(classification, "level", Level.class), stringArgument(classification, "category")),
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
                if (enums.containsKey(name.getName()) && !CATALOG_ENUMS.contains(name.getName())) {
                    yield ValueKind.ENUM;
                }
                throw error(definition, coordinate + " has type " + name.getName() + ", which no column can hold");
            }
        };
    }

    private static void checkRelations(
            CatalogType type, Map<String, CatalogType> types, List<CatalogProblem> problems) {
        for (CatalogField field : type.fields().values()) {
            if (!(field instanceof RelationField relation)) {
                continue;
            }
            String coordinate = type.name() + "." + relation.name();
            CatalogType target = types.get(relation.targetType());
            if (target == null) {
                problems.add(new CatalogProblem(
                        relation.location(),
                        coordinate + " leads to " + relation.targetType() + ", which is not a keyed type"));
                continue;
            }
            int keySize = target.keyFields().size();
            int columns = relation.columns().size();
            boolean fits = relation.many() ? columns >= 1 && columns <= keySize : columns == keySize;
            if (!fits) {
                problems.add(new CatalogProblem(
                        relation.location(),
                        coordinate + " names " + columns + " column(s) but " + target.name() + " has a key of "
                                + keySize
                                + (relation.many()
                                        ? " (a list needs a key prefix)"
                                        : " (an object needs the whole key)")));
            }
            for (String argument : relation.filterArguments()) {
                if (!(target.fields().get(argument) instanceof ColumnField)) {
                    problems.add(new CatalogProblem(
                            relation.location(),
                            coordinate + " argument " + argument + " names no column field of " + target.name()));
                }
            }
        }
    }

    /**
     * The definitions consumers see: the catalog's own without catalog directives and enums, the generated root fields
     * with their connection types, and the verification fields and types.
     */
    @SuppressWarnings("rawtypes") // graphql-java's Document builder takes a raw List<Definition>
    private static Document publicDefinitions(
            List<Definition<?>> all,
            RootFieldDefinitions.Generated roots,
            VerificationDefinitions.Generated verification) {
        List<Definition> definitions = new ArrayList<>();
        for (Definition<?> definition : all) {
            SDLDefinition<?> stripped = stripped(definition);
            if (stripped != null) {
                definitions.add(stripped);
            }
        }
        List<FieldDefinition> queryFields = new ArrayList<>(roots.queryFields());
        queryFields.addAll(verification.queryFields());
        definitions.add(ObjectTypeDefinition.newObjectTypeDefinition()
                .name("Query")
                .description(new Description(
                        "The entry points. Every data field is read at its source at the moment of the request.",
                        null,
                        false))
                .fieldDefinitions(queryFields)
                .build());
        definitions.addAll(roots.definitions());
        definitions.addAll(verification.definitions());
        return Document.newDocument().definitions(definitions).build();
    }

    /** Every type the public definitions name is defined: a last check of references graphql-java makes itself. */
    private static void checkReferences(Document document, List<CatalogProblem> problems) {
        try {
            UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().buildRegistry(document));
        } catch (SchemaProblem e) {
            for (GraphQLError error : e.getErrors()) {
                SourceLocation at =
                        error.getLocations() == null || error.getLocations().isEmpty()
                                ? null
                                : error.getLocations().get(0);
                problems.add(new CatalogProblem(Location.of(at), error.getMessage()));
            }
        }
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

    /** Runs one step; a defect it finds is added to the problems and the step yields null. */
    static <T> @Nullable T collect(List<CatalogProblem> problems, Supplier<T> step) {
        try {
            return step.get();
        } catch (CatalogException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private static void failIfAny(List<CatalogProblem> problems) {
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
    }

    static Optional<String> description(@Nullable Description description) {
        return description == null
                ? Optional.empty()
                : Optional.of(description.getContent().strip());
    }

    static Type<?> unwrapNonNull(Type<?> type) {
        return type instanceof NonNullType nonNull ? nonNull.getType() : type;
    }

    static String typeName(Type<?> type) {
        Type<?> current = type;
        while (!(current instanceof TypeName)) {
            current = current instanceof NonNullType nonNull ? nonNull.getType() : ((ListType) current).getType();
        }
        return ((TypeName) current).getName();
    }

    static @Nullable Directive directive(DirectivesContainer<?> container, String name) {
        List<Directive> directives = container.getDirectives(name);
        if (directives.size() > 1) {
            throw error(directives.get(1), "@" + name + " is given twice");
        }
        return directives.isEmpty() ? null : directives.get(0);
    }

    static Value<?> argumentValue(Directive directive, String name) {
        Argument argument = directive.getArgument(name);
        if (argument == null) {
            throw error(directive, "@" + directive.getName() + " needs argument " + name);
        }
        return argument.getValue();
    }

    static String stringArgument(Directive directive, String name) {
        if (argumentValue(directive, name) instanceof StringValue value
                && !value.getValue().isBlank()) {
            return value.getValue();
        }
        throw error(directive, "@" + directive.getName() + "(" + name + ") must be a non-empty string");
    }

    static Optional<String> optionalStringArgument(Directive directive, String name) {
        Argument argument = directive.getArgument(name);
        if (argument == null) {
            return Optional.empty();
        }
        if (argument.getValue() instanceof StringValue value) {
            return Optional.of(value.getValue());
        }
        throw error(directive, "@" + directive.getName() + "(" + name + ") must be a string");
    }

    private static <E extends Enum<E>> E enumArgument(Directive directive, String name, Class<E> type) {
        if (argumentValue(directive, name) instanceof EnumValue value) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(value.getName())) {
                    return constant;
                }
            }
        }
        throw error(
                directive,
                "@" + directive.getName() + "(" + name + ") must be one of "
                        + java.util.Arrays.toString(type.getEnumConstants()));
    }

    static List<String> stringListArgument(Directive directive, String name) {
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

    static CatalogException error(graphql.language.Node<?> node, String cause) {
        return new CatalogException(List.of(problem(node, cause)));
    }

    static CatalogProblem problem(graphql.language.Node<?> node, String cause) {
        return new CatalogProblem(Location.of(node.getSourceLocation()), cause);
    }
}
