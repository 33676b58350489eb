package org.govshare.gateway.access;

import graphql.language.Argument;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Node;
import graphql.language.VariableReference;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Whether an operation's set of executed fields depends only on its document: true unless some {@code @skip} or
 * {@code @include} takes a variable. Field walks and selections of such documents can be reused across requests
 * that send the same (cached, hence identical) document.
 */
final class OperationShapes {
    private OperationShapes() {}

    static boolean isFixed(Document document) {
        Deque<Node<?>> pending = new ArrayDeque<>();
        pending.push(document);
        while (!pending.isEmpty()) {
            Node<?> node = pending.pop();
            if (node instanceof Directive directive
                    && (directive.getName().equals("skip")
                            || directive.getName().equals("include"))) {
                for (Argument argument : directive.getArguments()) {
                    if (argument.getValue() instanceof VariableReference) {
                        return false;
                    }
                }
            }
            for (Node<?> child : node.getChildren()) {
                pending.push(child);
            }
        }
        return true;
    }
}
