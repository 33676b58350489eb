package org.govshare.gateway.access;

import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The size of a document as graphql-java would execute it: every fragment counted each time it is spread (so
 * {@code fragment F1 on Query { ...F2 ...F2 }} doubles), {@code __typename} and introspection fields included,
 * aliases of every field (also {@code __typename}) counted. Measured without expanding anything: each fragment is
 * measured once and its size added where it is spread, and every count stops at a cap, so a document of doubling
 * fragments costs time linear in its text however large its expansion would be. The largest operation or fragment
 * of the document decides.
 *
 * <p>Introspection fields (everything below {@code __schema} or {@code __type}) do not count toward the data depth:
 * the standard introspection queries of GraphQL tools nest {@code ofType} nine levels deep. Their own depth is
 * measured apart ({@code introspectionDepth}), so a hostile deeply nested introspection is still bounded.
 *
 * @param fields fields selected as executed, all kinds
 * @param aliases aliased fields as executed
 * @param dataDepth the deepest chain of data fields ({@code __typename} and introspection not counted)
 * @param introspectionDepth the deepest chain below and including {@code __schema} or {@code __type}
 */
public record DocumentSize(int fields, int aliases, int dataDepth, int introspectionDepth) {
    private static final DocumentSize EMPTY = new DocumentSize(0, 0, 0, 0);

    /** Measures every operation and fragment of {@code document}; no count goes beyond {@code cap}. */
    public static DocumentSize of(Document document, int cap) {
        return new Measure(document, cap).document();
    }

    private static final class Measure {
        private record Key(String fragment, boolean introspection) {}

        private final Map<String, FragmentDefinition> fragments = new HashMap<>();
        private final Map<Key, DocumentSize> measured = new HashMap<>();
        private final Set<Key> measuring = new HashSet<>();
        private final Document document;
        private final int cap;
        private final DocumentSize saturated;

        Measure(Document document, int cap) {
            this.document = document;
            this.cap = cap;
            this.saturated = new DocumentSize(cap, cap, cap, cap);
            for (Definition<?> definition : document.getDefinitions()) {
                if (definition instanceof FragmentDefinition fragment) {
                    fragments.putIfAbsent(fragment.getName(), fragment);
                }
            }
        }

        DocumentSize document() {
            DocumentSize largest = EMPTY;
            for (Definition<?> definition : document.getDefinitions()) {
                DocumentSize size = null;
                if (definition instanceof OperationDefinition operation) {
                    size = selections(operation.getSelectionSet(), false);
                } else if (definition instanceof FragmentDefinition fragment) {
                    // A fragment nobody spreads is still validated: its own size counts too. One on an introspection
                    // type (__Type, …) is measured as introspection.
                    boolean introspection =
                            fragment.getTypeCondition().getName().startsWith("__");
                    size = spread(fragment.getName(), introspection);
                    if (introspection) {
                        size = new DocumentSize(
                                size.fields(),
                                size.aliases(),
                                0,
                                Math.max(size.dataDepth(), size.introspectionDepth()));
                    }
                }
                if (size != null) {
                    largest = new DocumentSize(
                            Math.max(largest.fields(), size.fields()),
                            Math.max(largest.aliases(), size.aliases()),
                            Math.max(largest.dataDepth(), size.dataDepth()),
                            Math.max(largest.introspectionDepth(), size.introspectionDepth()));
                }
            }
            return largest;
        }

        /**
         * The size of a selection set. In introspection mode {@code dataDepth} carries the depth within the
         * introspection subtree, which the field that opens it turns into {@code introspectionDepth}.
         */
        private DocumentSize selections(@Nullable SelectionSet selectionSet, boolean introspection) {
            if (selectionSet == null) {
                return EMPTY;
            }
            int fields = 0;
            int aliases = 0;
            int depth = 0;
            int introspectionDepth = 0;
            for (Selection<?> selection : selectionSet.getSelections()) {
                DocumentSize size;
                if (selection instanceof Field field) {
                    size = field(field, introspection);
                } else if (selection instanceof FragmentSpread spread) {
                    size = spread(spread.getName(), introspection);
                } else if (selection instanceof InlineFragment inline) {
                    size = selections(inline.getSelectionSet(), introspection);
                } else {
                    continue;
                }
                fields = add(fields, size.fields());
                aliases = add(aliases, size.aliases());
                depth = Math.max(depth, size.dataDepth());
                introspectionDepth = Math.max(introspectionDepth, size.introspectionDepth());
                if (fields >= cap && aliases >= cap) {
                    break;
                }
            }
            return new DocumentSize(fields, aliases, depth, introspectionDepth);
        }

        private DocumentSize field(Field field, boolean introspection) {
            int alias = field.getAlias() == null ? 0 : 1;
            String name = field.getName();
            if (name.equals("__typename")) {
                return new DocumentSize(1, alias, 0, 0);
            }
            boolean opensIntrospection = !introspection && (name.equals("__schema") || name.equals("__type"));
            DocumentSize below = selections(field.getSelectionSet(), introspection || opensIntrospection);
            int fields = add(1, below.fields());
            int aliases = add(alias, below.aliases());
            if (opensIntrospection) {
                return new DocumentSize(fields, aliases, 0, add(1, below.dataDepth()));
            }
            return new DocumentSize(fields, aliases, add(1, below.dataDepth()), below.introspectionDepth());
        }

        private DocumentSize spread(String name, boolean introspection) {
            Key key = new Key(name, introspection);
            DocumentSize known = measured.get(key);
            if (known != null) {
                return known;
            }
            FragmentDefinition fragment = fragments.get(name);
            if (fragment == null) {
                // Validation refuses the unknown fragment.
                return EMPTY;
            }
            if (!measuring.add(key)) {
                // A cycle of spreads never ends when expanded (validation refuses it too).
                return saturated;
            }
            DocumentSize size = selections(fragment.getSelectionSet(), introspection);
            measuring.remove(key);
            measured.put(key, size);
            return size;
        }

        private int add(int a, int b) {
            return (int) Math.min(cap, (long) a + b);
        }
    }
}
