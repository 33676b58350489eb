package org.govshare.gateway.audit;

import static java.util.Objects.requireNonNull;

import graphql.language.AstPrinter;
import graphql.language.AstSignature;
import graphql.language.AstTransformer;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.IntValue;
import graphql.language.Node;
import graphql.language.NodeVisitorStub;
import graphql.language.OperationDefinition;
import graphql.language.StringValue;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import graphql.util.TreeTransformerUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.govshare.gateway.read.LiteralLifting;
import org.jspecify.annotations.Nullable;

/**
 * The normalised shape of an operation as the audit trail keeps it: graphql-java's privacy-safe form (other
 * operations dropped, aliases removed, every literal value blanked, fields sorted) with every name the caller chose
 * replaced too (the operation's name dropped, variables {@code $v1 …} and fragments {@code F1 …} in order), since a
 * name can carry a value as well as a literal can ({@code query Check_44190019620315048X}); and its SHA-256, which
 * groups equal shapes.
 */
public record OperationShape(String text, String hash) {
    /** The shape of a document that could not be parsed: nothing of it is kept. */
    public static final OperationShape INVALID = of("(invalid document)");

    public OperationShape {
        requireNonNull(text, "text is null");
        requireNonNull(hash, "hash is null");
    }

    public static OperationShape of(Document document, @Nullable String operationName) {
        // graphql-java keeps only the operation named; a request that names none runs the document's only one.
        String executed = operationName != null ? operationName : onlyOperationName(document);
        return of(AstPrinter.printAstCompact(
                withoutChosenNames(new AstSignature().privacySafeQuery(withLiteralsBack(document), executed))));
    }

    private static @Nullable String onlyOperationName(Document document) {
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        return operations.size() == 1 ? operations.get(0).getName() : null;
    }

    /** The document with its operation anonymous, and its variables and fragments renamed in order of definition. */
    // graphql-java's visitor takes TraverserContext<Node> with Node raw.
    @SuppressWarnings("rawtypes")
    static Document withoutChosenNames(Document document) {
        Map<String, String> variables = new HashMap<>();
        Map<String, String> fragments = new HashMap<>();
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof OperationDefinition operation) {
                for (VariableDefinition variable : operation.getVariableDefinitions()) {
                    variables.putIfAbsent(variable.getName(), "v" + (variables.size() + 1));
                }
            } else if (definition instanceof FragmentDefinition fragment) {
                fragments.putIfAbsent(fragment.getName(), "F" + (fragments.size() + 1));
            }
        }
        NodeVisitorStub renaming = new NodeVisitorStub() {
            @Override
            public TraversalControl visitOperationDefinition(OperationDefinition node, TraverserContext<Node> context) {
                return TreeTransformerUtil.changeNode(context, node.transform(builder -> builder.name(null)));
            }

            @Override
            public TraversalControl visitVariableDefinition(VariableDefinition node, TraverserContext<Node> context) {
                return TreeTransformerUtil.changeNode(
                        context, node.transform(builder -> builder.name(renamed(variables, node.getName(), "v"))));
            }

            @Override
            public TraversalControl visitVariableReference(VariableReference node, TraverserContext<Node> context) {
                return TreeTransformerUtil.changeNode(
                        context, node.transform(builder -> builder.name(renamed(variables, node.getName(), "v"))));
            }

            @Override
            public TraversalControl visitFragmentDefinition(FragmentDefinition node, TraverserContext<Node> context) {
                return TreeTransformerUtil.changeNode(
                        context, node.transform(builder -> builder.name(renamed(fragments, node.getName(), "F"))));
            }

            @Override
            public TraversalControl visitFragmentSpread(FragmentSpread node, TraverserContext<Node> context) {
                return TreeTransformerUtil.changeNode(
                        context, node.transform(builder -> builder.name(renamed(fragments, node.getName(), "F"))));
            }
        };
        return (Document) new AstTransformer().transform(document, renaming);
    }

    /**
     * The document with the values {@link LiteralLifting} lifted into variables written back as (blank) literals, so
     * that a document has one shape whether its literals were lifted or not.
     */
    @SuppressWarnings("rawtypes")
    static Document withLiteralsBack(Document document) {
        boolean lifted = document.getDefinitionsOfType(OperationDefinition.class).stream()
                .flatMap(operation -> operation.getVariableDefinitions().stream())
                .anyMatch(variable -> variable.getName().startsWith(LiteralLifting.PREFIX));
        if (!lifted) {
            return document;
        }
        NodeVisitorStub restoring = new NodeVisitorStub() {
            @Override
            public TraversalControl visitVariableDefinition(VariableDefinition node, TraverserContext<Node> context) {
                return node.getName().startsWith(LiteralLifting.PREFIX)
                        ? TreeTransformerUtil.deleteNode(context)
                        : TraversalControl.CONTINUE;
            }

            @Override
            public TraversalControl visitVariableReference(VariableReference node, TraverserContext<Node> context) {
                if (!node.getName().startsWith(LiteralLifting.PREFIX)) {
                    return TraversalControl.CONTINUE;
                }
                boolean integer = node.getName().charAt(LiteralLifting.PREFIX.length()) == 'i';
                return TreeTransformerUtil.changeNode(context, integer ? IntValue.of(0) : StringValue.of(""));
            }
        };
        return (Document) new AstTransformer().transform(document, restoring);
    }

    /** A name defined in the document has its number; an undefined one (refused by validation anyway) none. */
    private static String renamed(Map<String, String> names, String name, String prefix) {
        return names.getOrDefault(name, prefix + "0");
    }

    /** The shape of an operation described in words (an administrative one, which has no GraphQL document). */
    static OperationShape of(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return new OperationShape(text, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
