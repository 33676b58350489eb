package org.govshare.gateway.access;

import graphql.introspection.GoodFaithIntrospection;
import graphql.language.Document;
import org.jspecify.annotations.Nullable;

/**
 * Bounds on one document as executed (see {@link DocumentSize}), checked right after parsing, before validation and
 * anything else runs: nesting depth of data fields, aliases, fields (fragments counted each time they are spread,
 * {@code __typename} and introspection included) and the depth of introspection. Together with the parser's limits
 * they bound the work a document can ask for. The standard introspection queries of GraphiQL, graphql-js and
 * graphql-java (about 230 fields, 15 levels of introspection) fit; graphql-java's good-faith introspection check
 * then refuses cycles through the schema ({@code fields} or {@code __schema} asked for twice).
 */
public record QueryLimits(int maximumDepth, int maximumAliases, int maximumFields, int maximumIntrospectionDepth) {
    public static final QueryLimits DEFAULT =
            new QueryLimits(8, 30, 500, GoodFaithIntrospection.GOOD_FAITH_MAX_DEPTH_COUNT);

    public QueryLimits {
        if (maximumDepth < 1 || maximumAliases < 0 || maximumFields < 1 || maximumIntrospectionDepth < 1) {
            throw new IllegalArgumentException("query limits out of range");
        }
    }

    /** A message naming the exceeded limit, or null when the document is within all of them. */
    @Nullable
    public String check(Document document) {
        return check(DocumentSize.of(document, cap()));
    }

    @Nullable
    String check(DocumentSize size) {
        if (size.dataDepth() > maximumDepth) {
            return "The operation is nested deeper than " + maximumDepth + " levels";
        }
        if (size.aliases() > maximumAliases) {
            return "The operation uses more than " + maximumAliases + " aliases";
        }
        if (size.fields() > maximumFields) {
            return "The operation selects more than " + maximumFields + " fields";
        }
        if (size.introspectionDepth() > maximumIntrospectionDepth) {
            return "The introspection is nested deeper than " + maximumIntrospectionDepth + " levels";
        }
        return null;
    }

    /** Counting stops here: one beyond the largest limit is enough to refuse. */
    private int cap() {
        return Math.max(Math.max(maximumDepth, maximumAliases), Math.max(maximumFields, maximumIntrospectionDepth)) + 1;
    }
}
