package org.govshare.gateway.read;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.language.ArrayValue;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FloatValue;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.Node;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.SourceLocation;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.parser.Parser;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.validation.Validator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Lifts the literal values of a query out of its text into variables, so that a client writing values into the text
 * ({@code resident(idNumber: "…")}) costs what one sending variables costs: every per-document cache (parsed and
 * validated documents, the caller's decision, the audit shape) sees one document for all its values instead of a new
 * one per value. The text is scanned (cheap, no parse) into its shape, the text with each string and number literal
 * replaced by a mark; the first document of a shape is parsed and typed against the schema once, and the template
 * made from it (the literals at String, ID and Int positions replaced by variables {@code $__literal…}) is kept. Each
 * later document of that shape is answered with the template and its own values bound as variables. The work on a new
 * shape is linear in the text: a parse and one walk of its tree.
 *
 * <p>Only what cannot change the outcome is lifted: one query operation without directives or fragment definitions
 * (inline fragments are fine), string literals at String
 * or ID positions and integer literals at Int positions of field arguments (also inside input objects and lists);
 * every other literal stays in the template and must be the same, text for text, for the template to apply. Each
 * variable is declared with the type of its one position, so the template validates exactly when the text does, and a
 * document that would be refused is refused as it would have been, by the ordinary path.
 */
public final class LiteralLifting {
    /** The prefix of lifted variables; a document that uses it itself is left as it is. */
    public static final String PREFIX = "__literal";

    /** Longer documents are rare; the document cache does not keep them either. */
    static final int MAXIMUM_LENGTH = 16 * 1024;

    /** A document to run instead of the caller's text, with the values lifted out of the text. */
    public record Lifted(String document, Map<String, Object> values, Locations locations) {
        public Lifted {
            requireNonNull(document, "document is null");
            values = Map.copyOf(values);
            requireNonNull(locations, "locations is null");
        }
    }

    /**
     * Maps a location in the lifted document back to the caller's text, so that error locations point where the
     * caller wrote: each edit (a literal become a variable, the variables' definitions added) moves what follows it
     * on its line.
     */
    public static final class Locations {
        private final String original;
        private final String template;
        private final int[] templateStarts;
        private final int[] templateLengths;
        private final int[] originalLengths;

        Locations(
                String original, String template, int[] templateStarts, int[] templateLengths, int[] originalLengths) {
            this.original = original;
            this.template = template;
            this.templateStarts = templateStarts;
            this.templateLengths = templateLengths;
            this.originalLengths = originalLengths;
        }

        /** Where {@code location} in the lifted document is in the caller's text. */
        public SourceLocation original(SourceLocation location) {
            int at = Template.offset(Template.lineStarts(template), location);
            if (at < 0) {
                return location;
            }
            int delta = 0;
            for (int i = 0; i < templateStarts.length; i++) {
                if (at < templateStarts[i]) {
                    break;
                }
                if (at < templateStarts[i] + templateLengths[i]) {
                    // Within a variable or the definitions: where that edit began in the caller's text.
                    return position(templateStarts[i] + delta, location);
                }
                delta += originalLengths[i] - templateLengths[i];
            }
            return position(at + delta, location);
        }

        private SourceLocation position(int offset, SourceLocation fallback) {
            if (offset < 0 || offset > original.length()) {
                return fallback;
            }
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; i++) {
                if (original.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new SourceLocation(line, offset - lineStart + 1, fallback.getSourceName());
        }
    }

    private final Supplier<GraphQLSchema> schema;
    private final long maximumBytes;
    private volatile Templates templates;
    private final java.util.concurrent.atomic.AtomicLong analysed = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param schema the schema the documents run against now (the catalog's full schema); templates are made anew
     *     when it changes
     * @param maximumBytes the bytes the kept shapes and templates may hold (estimated), over all shapes
     */
    public LiteralLifting(Supplier<GraphQLSchema> schema, long maximumBytes) {
        this.schema = requireNonNull(schema, "schema is null");
        this.maximumBytes = maximumBytes;
        this.templates = new Templates(null, cache());
    }

    private Cache<String, Template> cache() {
        return Caffeine.newBuilder()
                .maximumWeight(maximumBytes)
                // Two bytes a character (UTF-16 at worst) for the shape, the template and the literals it keeps, and
                // the entry, the template and its arrays.
                .weigher((String shape, Template template) -> 2 * (shape.length() + template.weight()) + 400)
                .build();
    }

    /** The templates of one schema. */
    private record Templates(@Nullable GraphQLSchema schema, Cache<String, Template> byShape) {}

    /** The document with its literals lifted, or {@code null} to run the caller's text as it is. */
    public @Nullable Lifted lift(String document) {
        if (document.length() > MAXIMUM_LENGTH || document.contains(PREFIX)) {
            return null;
        }
        Scan scan = Scan.of(document);
        if (scan == null || scan.tokens().isEmpty()) {
            return null;
        }
        GraphQLSchema current = schema.get();
        Templates kept = templates;
        if (kept.schema() != current) {
            kept = new Templates(current, cache());
            templates = kept;
        }
        Template template = kept.byShape().get(scan.shape(), shape -> {
            analysed.incrementAndGet();
            return Template.of(document, scan, current);
        });
        return template.bind(scan);
    }

    /** Shapes parsed and typed since start: one per shape and schema, however many values were lifted. */
    public long analysedShapes() {
        return analysed.get();
    }

    /** What the scan found: the literal tokens of the text and the text's shape (each literal a mark of its kind). */
    record Scan(String source, String shape, List<Token> tokens) {
        /** The scan, or null when the text is not something to lift (an unterminated string, a carriage return). */
        static @Nullable Scan of(String text) {
            StringBuilder shape = new StringBuilder(text.length());
            List<Token> tokens = new ArrayList<>();
            int length = text.length();
            int i = 0;
            while (i < length) {
                char c = text.charAt(i);
                if (c == '\r' || Character.isSurrogate(c) || c == '\u0001') {
                    // Line and column counting would differ from the parser's: not lifted.
                    return null;
                }
                if (c == '#') {
                    int end = text.indexOf('\n', i);
                    end = end < 0 ? length : end;
                    shape.append(text, i, end);
                    i = end;
                } else if (c == '"') {
                    int end = text.startsWith("\"\"\"", i) ? blockStringEnd(text, i) : stringEnd(text, i);
                    if (end < 0) {
                        return null;
                    }
                    Kind kind = text.startsWith("\"\"\"", i) ? Kind.BLOCK_STRING : Kind.STRING;
                    tokens.add(new Token(kind, i, end));
                    shape.append('\u0001').append(kind.mark);
                    i = end;
                } else if (c == '_' || Character.isLetter(c)) {
                    int end = i + 1;
                    while (end < length && (text.charAt(end) == '_' || Character.isLetterOrDigit(text.charAt(end)))) {
                        end++;
                    }
                    shape.append(text, i, end);
                    i = end;
                } else if (c == '-' || Character.isDigit(c)) {
                    int end = i + 1;
                    boolean integer = true;
                    while (end < length) {
                        char d = text.charAt(end);
                        if (Character.isDigit(d)) {
                            end++;
                        } else if (d == '.'
                                || d == 'e'
                                || d == 'E'
                                || ((d == '+' || d == '-') && isExponent(text, end))) {
                            integer = false;
                            end++;
                        } else {
                            break;
                        }
                    }
                    Kind kind = integer ? Kind.INT : Kind.FLOAT;
                    tokens.add(new Token(kind, i, end));
                    shape.append('\u0001').append(kind.mark);
                    i = end;
                } else {
                    shape.append(c);
                    i++;
                }
            }
            return new Scan(text, shape.toString(), List.copyOf(tokens));
        }

        private static boolean isExponent(String text, int sign) {
            char before = text.charAt(sign - 1);
            return before == 'e' || before == 'E';
        }

        private static int stringEnd(String text, int start) {
            for (int i = start + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    return i + 1;
                } else if (c == '\n') {
                    return -1;
                }
            }
            return -1;
        }

        private static int blockStringEnd(String text, int start) {
            for (int i = start + 3; i < text.length(); i++) {
                if (text.startsWith("\\\"\"\"", i)) {
                    i += 3;
                } else if (text.startsWith("\"\"\"", i)) {
                    return i + 3;
                }
            }
            return -1;
        }
    }

    /** The kinds of literal the scan tells apart, each with its mark in the shape. */
    enum Kind {
        STRING('s'),
        BLOCK_STRING('b'),
        INT('i'),
        FLOAT('f');

        final char mark;

        Kind(char mark) {
            this.mark = mark;
        }
    }

    /** A literal of the text: its kind and its characters {@code [start, end)}. */
    record Token(Kind kind, int start, int end) {
        String in(String text) {
            return text.substring(start, end);
        }
    }

    /**
     * The template of one shape: its text, and for each literal of the shape either the variable it became or the
     * exact text it must have. {@link #NONE} for a shape that is not lifted.
     */
    record Template(
            String text,
            @Nullable String[] variables,
            @Nullable String[] kept,
            Kind[] kinds,
            int[] editStarts,
            int[] editLengths,
            int[] editTokens) {
        static final Template NONE =
                new Template("", new String[0], new String[0], new Kind[0], new int[0], new int[0], new int[0]);

        /** Characters the template holds, with the literals it keeps and its per-literal entries. */
        int weight() {
            int characters = text.length() + 24 * kinds.length;
            for (String literal : kept) {
                characters += literal == null ? 0 : literal.length();
            }
            return characters;
        }

        @Nullable
        Lifted bind(Scan scan) {
            if (this == NONE || scan.tokens().size() != kinds.length) {
                return null;
            }
            String text = scan.source();
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < kinds.length; i++) {
                String literal = scan.tokens().get(i).in(text);
                String variable = variables[i];
                if (variable == null) {
                    if (!literal.equals(kept[i])) {
                        return null;
                    }
                    continue;
                }
                Object value = kinds[i] == Kind.INT ? integer(literal) : unescape(literal);
                if (value == null) {
                    return null;
                }
                Object earlier = values.putIfAbsent(variable, value);
                if (earlier != null && !earlier.equals(value)) {
                    // Equal literals of the template's text differ in this one: its own text decides, unlifted.
                    return null;
                }
            }
            // The edits' lengths in the caller's text: the definitions were not there, each literal had its own.
            int[] originalLengths = new int[editTokens.length];
            for (int i = 0; i < editTokens.length; i++) {
                originalLengths[i] = editTokens[i] < 0
                        ? 0
                        : scan.tokens().get(editTokens[i]).end()
                                - scan.tokens().get(editTokens[i]).start();
            }
            return new Lifted(
                    this.text, values, new Locations(text, this.text, editStarts, editLengths, originalLengths));
        }

        static Template of(String text, Scan scan, GraphQLSchema schema) {
            try {
                return make(text, scan, schema);
            } catch (RuntimeException e) {
                // Not parseable, or a shape this does not handle: the document runs as it is.
                return NONE;
            }
        }

        private static Template make(String text, Scan scan, GraphQLSchema schema) {
            Document document = Parser.parse(text);
            OperationDefinition operation = null;
            for (Definition<?> definition : document.getDefinitions()) {
                if (definition instanceof OperationDefinition candidate) {
                    if (operation != null) {
                        return NONE;
                    }
                    operation = candidate;
                } else {
                    // Fragment definitions are left alone: typing their literals would follow every spread, and a
                    // document of doubling fragments spreads 2^25 times (clients that write literals rarely use them).
                    return NONE;
                }
            }
            if (operation == null
                    || operation.getOperation() != OperationDefinition.Operation.QUERY
                    || !operation.getDirectives().isEmpty()
                    || schema.getQueryType() == null) {
                return NONE;
            }
            int[] lineStarts = lineStarts(text);
            Map<Integer, Integer> tokenAt = new HashMap<>();
            for (int i = 0; i < scan.tokens().size(); i++) {
                tokenAt.put(scan.tokens().get(i).start(), i);
            }
            // Every literal the parser saw must be one the scan saw, and the other way round.
            Map<Node<?>, Integer> literals = new IdentityHashMap<>();
            Deque<Node<?>> pending = new ArrayDeque<>();
            pending.push(document);
            while (!pending.isEmpty()) {
                Node<?> node = pending.pop();
                if (node instanceof StringValue || node instanceof IntValue || node instanceof FloatValue) {
                    Integer token = tokenAt.get(offset(lineStarts, node.getSourceLocation()));
                    if (token == null) {
                        return NONE;
                    }
                    literals.put(node, token);
                }
                node.getChildren().forEach(pending::push);
            }
            if (literals.size() != scan.tokens().size()) {
                return NONE;
            }
            Map<Node<?>, GraphQLInputType> positions = new IdentityHashMap<>();
            new Positions(schema, positions).selections(operation.getSelectionSet(), schema.getQueryType());

            int count = scan.tokens().size();
            @Nullable String[] variables = new String[count];
            @Nullable String[] kept = new String[count];
            Kind[] kinds = new Kind[count];
            List<String> definitions = new ArrayList<>();
            Map<Integer, String> replacements = new HashMap<>();
            Map<String, String> shared = new HashMap<>();
            Node<?>[] byIndex = new Node<?>[count];
            literals.forEach((node, index) -> byIndex[index] = node);
            // In the text's order, so that a shared variable is named after its first literal.
            for (int position = 0; position < count; position++) {
                int index = position;
                Token token = scan.tokens().get(index);
                kinds[index] = token.kind();
                GraphQLInputType type = positions.get(byIndex[index]);
                if (type != null && liftable(token.kind(), type)) {
                    // Equal literals of one type share a variable: two equal fields with equal literal arguments merge,
                    // with two variables they would conflict. A later text binds them only while they are equal.
                    String variable = shared.computeIfAbsent(
                            token.in(text) + " " + GraphQLTypeUtil.simplePrint(type),
                            key -> PREFIX + token.kind().mark + index);
                    variables[index] = variable;
                    replacements.put(index, "$" + variable);
                } else {
                    // Only what stays in the template is kept: a lifted value is the caller's, not the template's.
                    kept[index] = token.in(text);
                }
            }
            if (replacements.isEmpty()) {
                return NONE;
            }
            Set<String> defined = new HashSet<>();
            for (int index = 0; index < count; index++) {
                if (variables[index] != null && defined.add(variables[index])) {
                    definitions.add(
                            "$" + variables[index] + ": " + GraphQLTypeUtil.simplePrint(positions.get(byIndex[index])));
                }
            }
            StringBuilder template = new StringBuilder(text);
            // Edits from the end, so that the offsets before each edit stay valid.
            List<int[]> edits = new ArrayList<>();
            replacements.forEach((index, replacement) ->
                    edits.add(new int[] {scan.tokens().get(index).start(), index}));
            int header = headerOffset(operation, lineStarts);
            edits.add(new int[] {header, -1});
            edits.sort((a, b) -> Integer.compare(b[0], a[0]));
            String joined = String.join(", ", definitions);
            int[] insertedLengths = new int[edits.size()];
            for (int e = 0; e < edits.size(); e++) {
                int[] edit = edits.get(e);
                if (edit[1] < 0) {
                    String inserted = headerText(text, operation, edit[0], joined);
                    template.insert(edit[0], inserted);
                    insertedLengths[e] = inserted.length();
                } else {
                    Token token = scan.tokens().get(edit[1]);
                    template.replace(token.start(), token.end(), replacements.get(edit[1]));
                    insertedLengths[e] = replacements.get(edit[1]).length();
                }
            }
            // The edits in the template's coordinates, first to last: each moved by the edits before it.
            int count2 = edits.size();
            int[] editStarts = new int[count2];
            int[] editLengths = new int[count2];
            int[] editTokens = new int[count2];
            int moved = 0;
            for (int e = count2 - 1, k = 0; e >= 0; e--, k++) {
                int[] edit = edits.get(e);
                int originalLength = edit[1] < 0
                        ? 0
                        : scan.tokens().get(edit[1]).end()
                                - scan.tokens().get(edit[1]).start();
                editStarts[k] = edit[0] + moved;
                editLengths[k] = insertedLengths[e];
                editTokens[k] = edit[1];
                moved += insertedLengths[e] - originalLength;
            }
            // Valid when the caller's text is (each variable is declared with the type of its positions, only literals
            // of
            // that type's own kind were lifted, equal literals share a variable so that equal fields still merge);
            // checked once per shape all the same, on a document without fragments, so linear but for field merging.
            String templateText = template.toString();
            if (!new Validator()
                    .validateDocument(schema, Parser.parse(templateText), Locale.ROOT)
                    .isEmpty()) {
                return NONE;
            }
            return new Template(templateText, variables, kept, kinds, editStarts, editLengths, editTokens);
        }

        /** Where the variable definitions go: into the existing list, or before the selection set. */
        private static int headerOffset(OperationDefinition operation, int[] lineStarts) {
            if (!operation.getVariableDefinitions().isEmpty()) {
                return offset(
                        lineStarts, operation.getVariableDefinitions().get(0).getSourceLocation());
            }
            return offset(lineStarts, operation.getSelectionSet().getSourceLocation());
        }

        private static String headerText(String text, OperationDefinition operation, int at, String definitions) {
            if (!operation.getVariableDefinitions().isEmpty()) {
                return definitions + ", ";
            }
            boolean shorthand =
                    operation.getName() == null && offset(lineStarts(text), operation.getSourceLocation()) == at;
            return (shorthand ? "query" : "") + "(" + definitions + ") ";
        }

        private static boolean liftable(Kind kind, GraphQLInputType type) {
            if (!(GraphQLTypeUtil.unwrapNonNull(type) instanceof GraphQLScalarType scalar)) {
                return false;
            }
            return switch (kind) {
                case STRING ->
                    scalar.getName().equals("String") || scalar.getName().equals("ID");
                case INT -> scalar.getName().equals("Int");
                case BLOCK_STRING, FLOAT -> false;
            };
        }

        static int[] lineStarts(String text) {
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
            return starts.stream().mapToInt(Integer::intValue).toArray();
        }

        static int offset(int[] lineStarts, @Nullable SourceLocation location) {
            if (location == null || location.getLine() < 1 || location.getLine() > lineStarts.length) {
                return -1;
            }
            return lineStarts[location.getLine() - 1] + location.getColumn() - 1;
        }

        private static @Nullable Integer integer(String literal) {
            try {
                return Integer.valueOf(literal);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /** The value of a string literal (with its quotes), or null for an escape this does not read. */
        static @Nullable String unescape(String literal) {
            StringBuilder value = new StringBuilder(literal.length());
            for (int i = 1; i < literal.length() - 1; i++) {
                char c = literal.charAt(i);
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                char escaped = literal.charAt(++i);
                switch (escaped) {
                    case '"', '\\', '/' -> value.append(escaped);
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        if (i + 4 >= literal.length() - 1 || literal.charAt(i + 1) == '{') {
                            return null;
                        }
                        try {
                            value.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                        } catch (NumberFormatException e) {
                            return null;
                        }
                        i += 4;
                    }
                    default -> {
                        return null;
                    }
                }
            }
            return value.toString();
        }
    }

    /** Finds the input type of each literal value at a field argument of the operation (one walk of its tree). */
    private record Positions(GraphQLSchema schema, Map<Node<?>, GraphQLInputType> out) {
        void selections(@Nullable SelectionSet set, @Nullable GraphQLType parent) {
            if (set == null || parent == null) {
                return;
            }
            for (Selection<?> selection : set.getSelections()) {
                if (selection instanceof Field field && parent instanceof GraphQLFieldsContainer container) {
                    GraphQLFieldDefinition definition = container.getFieldDefinition(field.getName());
                    if (definition == null) {
                        continue;
                    }
                    for (graphql.language.Argument argument : field.getArguments()) {
                        GraphQLArgument declared = definition.getArgument(argument.getName());
                        if (declared != null) {
                            value(argument.getValue(), declared.getType());
                        }
                    }
                    selections(field.getSelectionSet(), GraphQLTypeUtil.unwrapAll(definition.getType()));
                } else if (selection instanceof InlineFragment inline) {
                    GraphQLType type = inline.getTypeCondition() == null
                            ? parent
                            : schema.getType(inline.getTypeCondition().getName());
                    selections(inline.getSelectionSet(), type);
                }
            }
        }

        void value(Value<?> value, GraphQLInputType type) {
            GraphQLType unwrapped = GraphQLTypeUtil.unwrapNonNull(type);
            if (value instanceof StringValue || value instanceof IntValue) {
                out.put(value, type);
            } else if (value instanceof ObjectValue object && unwrapped instanceof GraphQLInputObjectType input) {
                for (ObjectField field : object.getObjectFields()) {
                    GraphQLInputObjectField declared = input.getField(field.getName());
                    if (declared != null) {
                        value(field.getValue(), declared.getType());
                    }
                }
            } else if (value instanceof ArrayValue array && unwrapped instanceof GraphQLList list) {
                for (Value<?> element : array.getValues()) {
                    value(element, (GraphQLInputType) list.getWrappedType());
                }
            }
        }
    }
}
