package org.govshare.gateway.testing;

import graphql.introspection.IntrospectionQuery;
import graphql.introspection.IntrospectionQueryBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The introspection queries GraphQL tools send, byte for byte: graphql-java's (default and every option), graphql-js's
 * {@code getIntrospectionQuery()} (default and every option, as graphql-codegen, Apollo and IDE plugins send it), and
 * the one GraphiQL 2.4.7 (served at {@code /graphiql}) sends. The graphql-js texts in {@code
 * src/test/resources/introspection/} were written by the npm packages themselves: {@code graphql@16.15.0}'s
 * {@code getIntrospectionQuery()} and {@code getIntrospectionQuery({descriptions: true, specifiedByUrl: true,
 * directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true})}, and for GraphiQL
 * {@code graphql@16.6.0}'s {@code getIntrospectionQuery({inputValueDeprecation: undefined, schemaDescription:
 * undefined})}, which is what GraphiQL 2.4.7's bundle calls (its bundled graphql-js has seven levels of {@code ofType}
 * and {@code queryType { name }}).
 */
public final class StandardIntrospection {
    private StandardIntrospection() {}

    /** Each query by a name saying whose it is; every one is an operation named {@code IntrospectionQuery}. */
    public static Map<String, String> queries() {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("graphql-java IntrospectionQuery", IntrospectionQuery.INTROSPECTION_QUERY);
        queries.put(
                "graphql-java, every option",
                IntrospectionQueryBuilder.build(IntrospectionQueryBuilder.Options.defaultOptions()
                        .descriptions(true)
                        .specifiedByUrl(true)
                        .isOneOf(true)
                        .directiveIsRepeatable(true)
                        .schemaDescription(true)
                        .inputValueDeprecation(true)));
        queries.put("graphql-js 16.15.0 getIntrospectionQuery()", resource("graphql-js-16.15.0.graphql"));
        queries.put("graphql-js 16.15.0, every option", resource("graphql-js-16.15.0-all-options.graphql"));
        queries.put("GraphiQL 2.4.7", resource("graphiql-2.4.7.graphql"));
        return queries;
    }

    private static String resource(String name) {
        try (InputStream in = StandardIntrospection.class.getResourceAsStream("/introspection/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no introspection query " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
