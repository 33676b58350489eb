package org.govshare.gateway.read;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.parser.Parser;
import graphql.scalars.ExtendedScalars;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.govshare.gateway.audit.OperationShape;
import org.junit.jupiter.api.Test;

class LiteralLiftingTest {
    private static final String SDL = """
            type Query {
              resident(idNumber: ID!): Resident
              residents(regionCode: String, first: Int): [Resident]
              byIds(ids: [ID!]!): [Resident]
              verify(claims: Claims!): String
            }
            type Resident { name: String, incomes(year: Int): [Int] }
            input Claims { name: String, birthDate: Date }
            scalar Date
            """;

    private static final GraphQLSchema SCHEMA = new SchemaGenerator()
            .makeExecutableSchema(
                    new SchemaParser().parse(SDL),
                    RuntimeWiring.newRuntimeWiring()
                            .scalar(ExtendedScalars.Date)
                            .type("Query", type -> type.dataFetcher(
                                            "resident", env -> Map.of("name", "R-" + env.getArgument("idNumber")))
                                    .dataFetcher(
                                            "residents",
                                            env -> List.of(Map.of(
                                                    "name",
                                                    env.getArgument("regionCode") + "/" + env.getArgument("first"))))
                                    .dataFetcher("byIds", env -> env.<List<String>>getArgument("ids").stream()
                                            .map(id -> Map.of("name", id))
                                            .toList())
                                    .dataFetcher("verify", env -> String.valueOf(env.<Object>getArgument("claims"))))
                            .type(
                                    "Resident",
                                    type -> type.dataFetcher(
                                            "incomes", env -> List.of(env.<Integer>getArgument("year"))))
                            .build());

    private final AtomicInteger analysed = new AtomicInteger();
    private final LiteralLifting lifting = new LiteralLifting(
            () -> {
                analysed.incrementAndGet();
                return SCHEMA;
            },
            1_000_000);

    @Test
    void lookupsWithDifferentValuesShareOneTemplateAndBindTheirOwnValues() {
        LiteralLifting.Lifted first = lifting.lift("{ resident(idNumber: \"110101199001011234\") { name } }");
        LiteralLifting.Lifted second = lifting.lift("{ resident(idNumber: \"44190019620315048X\") { name } }");

        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(first.document())
                .isEqualTo("query($__literals0: ID!) { resident(idNumber: $__literals0) { name } }")
                .isEqualTo(second.document());
        assertThat(first.values()).isEqualTo(Map.of("__literals0", "110101199001011234"));
        assertThat(second.values()).isEqualTo(Map.of("__literals0", "44190019620315048X"));
        assertSameAnswer("{ resident(idNumber: \"44190019620315048X\") { name } }", second);
    }

    @Test
    void theAuditShapeOfALiftedDocumentIsTheShapeOfItsText() {
        String text = "query Check { resident(idNumber: \"110101199001011234\") { name incomes(year: 2024) } }";
        LiteralLifting.Lifted lifted = lifting.lift(text);

        assertThat(lifted).isNotNull();
        assertThat(OperationShape.of(Parser.parse(lifted.document()), "Check"))
                .isEqualTo(OperationShape.of(Parser.parse(text), "Check"));
    }

    @Test
    void escapesInStringsAreReadAsTheParserReadsThem() {
        String text = "{ resident(idNumber: \"a\\\"b\\u0041\\\\n\\/\") { name } }";
        LiteralLifting.Lifted lifted = lifting.lift(text);

        assertThat(lifted).isNotNull();
        assertThat(lifted.values()).containsEntry("__literals0", "a\"bA\\n/");
        assertSameAnswer(text, lifted);
    }

    @Test
    void literalsInsideInputObjectsListsAndInlineFragmentsAreLiftedWhereTheirTypeIsPlain() {
        String text = """
                query Q($first: Int) {
                  byIds(ids: ["A", "B"]) { ... on Resident { incomes(year: 2024) } name }
                  residents(regionCode: "4419", first: $first) { name }
                  verify(claims: {name: "张秀英", birthDate: "1962-03-15"})
                }
                """;
        LiteralLifting.Lifted lifted = lifting.lift(text);

        assertThat(lifted).isNotNull();
        // The Date, a scalar of the catalog's own, stays a literal: its literal and variable readings may differ.
        assertThat(lifted.values())
                .containsOnlyKeys("__literals0", "__literals1", "__literali2", "__literals3", "__literals4")
                .containsEntry("__literals0", "A")
                .containsEntry("__literali2", 2024)
                .containsEntry("__literals4", "张秀英");
        assertThat(lifted.document()).contains("\"1962-03-15\"").contains("$first: Int");
        assertSameAnswer(text, lifted);

        // Another name lifts with the same template; another date (a literal kept in the template) does not.
        assertThat(lifting.lift(text.replace("张秀英", "李四")).document()).isEqualTo(lifted.document());
        assertThat(lifting.lift(text.replace("1962-03-15", "1970-01-01"))).isNull();
    }

    @Test
    void integersAtIntPositionsAreLiftedAndOutOfRangeOnesAreLeftToTheOrdinaryPath() {
        LiteralLifting.Lifted lifted = lifting.lift("{ residents(first: 50) { name } }");

        assertThat(lifted).isNotNull();
        assertThat(lifted.values()).isEqualTo(Map.of("__literali0", 50));
        assertThat(lifting.lift("{ residents(first: 99999999999) { name } }")).isNull();
    }

    @Test
    void documentsWithFragmentDefinitionsAreLeftAsTheyAre() {
        // Typing a fragment's literals would follow every spread: doubling fragments spread 2^25 times.
        StringBuilder doubling = new StringBuilder("{ resident(idNumber: \"x\") { ...F1 } }");
        for (int i = 1; i < 26; i++) {
            doubling.append("\nfragment F%d on Resident { ...F%d ...F%d }".formatted(i, i + 1, i + 1));
        }
        doubling.append("\nfragment F26 on Resident { name }");
        long started = System.nanoTime();

        assertThat(lifting.lift(doubling.toString())).isNull();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_000);
    }

    @Test
    void equalLiteralsShareAVariableSoThatEqualFieldsStillMerge() {
        String text = "{ resident(idNumber: \"1\") { name } resident(idNumber: \"1\") { incomes(year: 2024) } }";
        LiteralLifting.Lifted lifted = lifting.lift(text);

        assertThat(lifted).isNotNull();
        assertThat(lifted.values()).containsOnlyKeys("__literals0", "__literali2");
        assertSameAnswer(text, lifted);
        // The same shape with two different values would not merge: it runs as it is, and validation refuses it.
        assertThat(lifting.lift(text.replaceFirst("\"1\"", "\"2\""))).isNull();
    }

    @Test
    void whatCouldChangeTheOutcomeIsNotLifted() {
        // An Int where an ID is declared: left to validation, which decides as it always did.
        assertThat(lifting.lift("{ resident(idNumber: 5) { name } }")).isNull();
        // Two operations, a mutation, a document that already uses the prefix, one that does not parse.
        assertThat(lifting.lift("query A { resident(idNumber: \"x\") { name } } query B { residents { name } }"))
                .isNull();
        assertThat(lifting.lift("mutation { resident(idNumber: \"x\") { name } }"))
                .isNull();
        assertThat(lifting.lift("query($__literals0: ID!) { resident(idNumber: $__literals0) { name } }"))
                .isNull();
        assertThat(lifting.lift("{ resident(idNumber: \"x) { name } }")).isNull();
        assertThat(lifting.lift("{ resident(idNumber: \"x\") { nosuchfield } }"))
                .isNull();
        // No literal at all: nothing to lift.
        assertThat(lifting.lift("{ residents { name } }")).isNull();
    }

    @Test
    void aShapeIsParsedAndTypedOnceWhateverItsValues() {
        for (int i = 0; i < 10; i++) {
            assertThat(lifting.lift("{ resident(idNumber: \"" + i + "\") { name } }"))
                    .isNotNull();
        }
        assertThat(lifting.analysedShapes()).isEqualTo(1);
        // The schema is asked for on each request: a catalog reload makes its templates anew.
        assertThat(analysed).hasValue(10);
    }

    @Test
    void errorLocationsInTheLiftedDocumentPointWhereTheCallerWrote() {
        String text = """
                { resident(idNumber: "110101199001011234") { name ... on Resident { incomes(year: 2024) } }
                  byIds(ids: ["A"]) { name } }
                """;
        LiteralLifting.Lifted lifted = lifting.lift(text);
        assertThat(lifted).isNotNull();

        // Each field of the lifted document, located in the caller's text by the name it has there.
        for (String field : List.of("incomes", "resident", "name", "byIds")) {
            graphql.language.SourceLocation inTemplate = locationOf(lifted.document(), field);
            graphql.language.SourceLocation inText = locationOf(text, field);
            assertThat(lifted.locations().original(inTemplate)).as(field).isEqualTo(inText);
        }
        // The definitions added before the selection set are placed where the selection set began.
        assertThat(lifted.locations().original(new graphql.language.SourceLocation(1, 3)))
                .isEqualTo(new graphql.language.SourceLocation(1, 1));
    }

    /** The location of the first occurrence of {@code name} followed by a space or a parenthesis. */
    private static graphql.language.SourceLocation locationOf(String text, String name) {
        java.util.regex.Matcher matcher =
                java.util.regex.Pattern.compile("\\b" + name + "[ (]").matcher(text);
        assertThat(matcher.find()).isTrue();
        int offset = matcher.start();
        int line = 1
                + (int) text.substring(0, offset).chars().filter(c -> c == '\n').count();
        int column = offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1;
        return new graphql.language.SourceLocation(line, column);
    }

    private static void assertSameAnswer(String text, LiteralLifting.Lifted lifted) {
        GraphQL graphQl = GraphQL.newGraphQL(SCHEMA).build();
        ExecutionResult original = graphQl.execute(text);
        ExecutionResult templated = graphQl.execute(ExecutionInput.newExecutionInput(lifted.document())
                .variables(lifted.values())
                .build());
        assertThat(original.getErrors()).isEmpty();
        assertThat(templated.getErrors()).isEmpty();
        Object data = templated.getData();
        assertThat(data).isEqualTo(original.getData());
    }
}
