package org.govshare.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.Document;
import graphql.parser.Parser;
import java.util.Map;
import org.govshare.gateway.testing.StandardIntrospection;
import org.junit.jupiter.api.Test;

/** The query limits measure a document as executed, without ever expanding it. */
class QueryLimitsTest {
    private static final QueryLimits LIMITS = QueryLimits.DEFAULT;

    private static Document parse(String text) {
        return Parser.parse(text);
    }

    /** {@code fragment F1 on Resident { ...F2 ...F2 }} down to F{depth}: 2^(depth-1) times {@code leaf} as executed. */
    static String doubling(int depth, String leaf) {
        StringBuilder document = new StringBuilder("{ resident(idNumber: \"44190019620315048X\") { ...F1 } }\n");
        for (int i = 1; i < depth; i++) {
            document.append("fragment F%d on Resident { ...F%d ...F%d }\n".formatted(i, i + 1, i + 1));
        }
        document.append("fragment F%d on Resident { %s }\n".formatted(depth, leaf));
        return document.toString();
    }

    @Test
    void doublingFragmentsAreRefusedFromTheirTextAlone() {
        String document = doubling(26, "name");
        assertThat(document.length()).isLessThan(1_500);

        long started = System.nanoTime();
        String refusal = LIMITS.check(parse(document));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(refusal).isEqualTo("The operation selects more than 500 fields");
        // Expanded, the document has 2^25 fields; measured, it costs as much as its text (microseconds, so even a
        // loaded machine stays far below this).
        assertThat(elapsedMillis).isLessThan(1_000);
    }

    @Test
    void countsStopAtTheCap() {
        DocumentSize size = DocumentSize.of(parse(doubling(40, "name __typename")), 501);

        assertThat(size.fields()).isEqualTo(501);
        assertThat(size.dataDepth()).isEqualTo(2);
    }

    @Test
    void fragmentsCountEachTimeTheyAreSpread() {
        DocumentSize size = DocumentSize.of(
                parse("{ resident(idNumber: \"x\") { ...F ...F a: name ... on Resident { ...F } } }"
                        + " fragment F on Resident { name b: birthDate }"),
                1_000);

        assertThat(size.fields()).isEqualTo(1 + 2 + 2 + 1 + 2);
        assertThat(size.aliases()).isEqualTo(1 + 1 + 1 + 1);
    }

    @Test
    void typenameAliasesCountTowardTheAliasLimit() {
        StringBuilder thirty = new StringBuilder("{ ");
        for (int i = 0; i < 30; i++) {
            thirty.append("t").append(i).append(": __typename ");
        }
        String withinLimit = thirty + "}";
        String beyondLimit = thirty + "t30: __typename }";

        assertThat(LIMITS.check(parse(withinLimit))).isNull();
        assertThat(LIMITS.check(parse(beyondLimit))).isEqualTo("The operation uses more than 30 aliases");
        assertThat(LIMITS.check(parse("{ ...A ...A } fragment A on Query { " + thirty.substring(2, 40) + " }")))
                .as("aliases spread twice count twice")
                .isNull();
    }

    @Test
    void dataFieldsDeeperThanTheLimitAreRefused() {
        String nine = "{ a { b { c { d { e { f { g { h { i } } } } } } } } }";
        String eight = "{ a { b { c { d { e { f { g { h } } } } } } } }";

        assertThat(LIMITS.check(parse(nine))).isEqualTo("The operation is nested deeper than 8 levels");
        assertThat(LIMITS.check(parse(eight))).isNull();
        assertThat(LIMITS.check(
                        parse("{ a { ...F } } fragment F on A { b { c { d { e { f { g { h { i } } } } } } } }")))
                .as("depth through a fragment")
                .isNotNull();
    }

    @Test
    void theStandardIntrospectionQueriesOfGraphQlToolsAreWithinTheLimits() {
        for (Map.Entry<String, String> query : StandardIntrospection.queries().entrySet()) {
            DocumentSize size = DocumentSize.of(parse(query.getValue()), 10_000);

            assertThat(LIMITS.check(parse(query.getValue()))).as(query.getKey()).isNull();
            assertThat(size.dataDepth()).as(query.getKey()).isZero();
            assertThat(size.introspectionDepth()).as(query.getKey()).isBetween(12, 20);
            assertThat(size.fields()).as(query.getKey()).isBetween(150, 400);
        }
    }

    @Test
    void deeplyNestedIntrospectionIsRefused() {
        String ofTypes = "ofType { ".repeat(20) + "name" + " }".repeat(20);
        String deep = "{ __type(name: \"Query\") { fields { type { " + ofTypes + " } } } }";

        assertThat(LIMITS.check(parse(deep))).isEqualTo("The introspection is nested deeper than 20 levels");
    }

    @Test
    void aFragmentCycleIsRefusedWithoutLooping() {
        String cycle = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }";

        assertThat(LIMITS.check(parse(cycle))).isNotNull();
    }

    @Test
    void aFragmentNobodySpreadsCountsToo() {
        String fields = "name ".repeat(501);

        assertThat(LIMITS.check(parse("{ __typename } fragment Big on Resident { " + fields + "}")))
                .isEqualTo("The operation selects more than 500 fields");
    }
}
