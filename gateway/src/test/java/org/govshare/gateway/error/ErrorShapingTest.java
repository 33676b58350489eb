package org.govshare.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Error shaping on the errors graphql-java itself makes, with no application around it: each refusal gets its contract
 * code and a message that names nothing the request did not name. Part of the mapping reads graphql-java's messages;
 * this test pins them, so that an upgrade that changes them fails here rather than turning a refusal into
 * {@code INTERNAL} or {@code INVALID_ARGUMENT} in production.
 */
class ErrorShapingTest {
    private static final GraphQLSchema SCHEMA = new SchemaGenerator()
            .makeExecutableSchema(
                    new SchemaParser().parse("""
                                    type Query {
                                      resident(idNumber: ID!): Resident
                                      verifyResident(idNumber: ID!, claims: ResidentClaims!): Boolean
                                    }
                                    type Resident { name: String secret: String }
                                    input ResidentClaims { name: String }
                                    """),
                    RuntimeWiring.newRuntimeWiring().build());
    private static final GraphQL ENGINE = GraphQL.newGraphQL(SCHEMA).build();

    private static GraphQLError only(String document, Map<String, Object> variables) {
        ExecutionResult result = ENGINE.execute(ExecutionInput.newExecutionInput()
                .query(document)
                .variables(variables)
                .build());
        assertThat(result.getErrors()).hasSize(1);
        return result.getErrors().get(0);
    }

    private static GraphQLError only(String document) {
        return only(document, Map.of());
    }

    private static void assertShaped(GraphQLError shaped, ErrorCode code, String message) {
        assertThat(shaped.getExtensions()).containsEntry("code", code.name());
        assertThat(shaped.getMessage()).isEqualTo(message);
    }

    @Test
    void anUnknownFieldIsForbiddenLikeAnUngrantedOne() {
        GraphQLError raw = only("{ resident(idNumber: \"1\") { nickname } }");
        GraphQLError shaped = ErrorShapingInterceptor.shape(raw);

        assertShaped(shaped, ErrorCode.FORBIDDEN_FIELD, "Field 'nickname' is not available");
        assertThat(shaped.getPath()).containsExactly("resident", "nickname");
        assertThat(shaped.getMessage()).doesNotContain("Resident");
    }

    @Test
    void anUnknownInputFieldInTheDocumentIsForbidden() {
        GraphQLError raw = only("{ verifyResident(idNumber: \"1\", claims: {secret: \"x\"}) }");

        // The graphql-java message the shaping reads the field's name from.
        assertThat(raw.getMessage()).contains("contains a field not in 'ResidentClaims': 'secret'");
        GraphQLError shaped = ErrorShapingInterceptor.shape(raw);
        assertShaped(shaped, ErrorCode.FORBIDDEN_FIELD, "Input field 'secret' is not available");
        assertThat(shaped.getMessage()).doesNotContain("ResidentClaims");
    }

    @Test
    void anUnknownInputFieldInVariablesIsForbidden() {
        GraphQLError raw = only(
                "query($c: ResidentClaims!) { verifyResident(idNumber: \"1\", claims: $c) }",
                Map.of("c", Map.of("secret", "x")));

        assertThat(raw.getMessage()).contains("contains a field name 'secret'");
        GraphQLError shaped = ErrorShapingInterceptor.shape(raw);
        assertShaped(shaped, ErrorCode.FORBIDDEN_FIELD, "Input field 'secret' is not available");
        assertThat(shaped.getMessage()).doesNotContain("ResidentClaims");
    }

    @Test
    void aDocumentBeyondTheParsersLimitsIsTooComplex() {
        String tooManyTokens = "{ " + "resident(idNumber: \"1\") { name } ".repeat(2_000) + "}";
        GraphQLError raw = only(tooManyTokens);

        assertThat(raw.getMessage()).contains("To prevent Denial Of Service attacks");
        assertShaped(
                ErrorShapingInterceptor.shape(raw),
                ErrorCode.QUERY_TOO_COMPLEX,
                "The document is too large or too deeply nested");
    }

    @Test
    void aSyntaxErrorIsAnInvalidArgumentThatQuotesNothing() {
        GraphQLError raw = only("{ resident(idNumber: \"1\") { name }");

        assertShaped(ErrorShapingInterceptor.shape(raw), ErrorCode.INVALID_ARGUMENT, "Invalid query syntax");
    }

    @Test
    void introspectionInBadFaithIsTooComplex() {
        GraphQLError raw = only(
                "{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }");

        GraphQLError shaped = ErrorShapingInterceptor.shape(raw);
        assertThat(shaped.getExtensions()).containsEntry("code", ErrorCode.QUERY_TOO_COMPLEX.name());
        assertThat(shaped.getMessage()).doesNotContain("Resident");
    }

    @Test
    void otherValidationErrorsNameTheRuleAndThePathOnly() {
        GraphQLError raw = only("{ resident { name } }");

        GraphQLError shaped = ErrorShapingInterceptor.shape(raw);
        assertShaped(shaped, ErrorCode.INVALID_ARGUMENT, "Invalid query (MissingFieldArgument) at resident");
    }

    @Test
    void aMissingVariableSpeaksOfTheCallersOwnInput() {
        GraphQLError raw = only("query($id: ID!) { resident(idNumber: $id) { name } }", Map.of());

        GraphQLError shaped = ErrorShapingInterceptor.shape(raw);
        assertThat(shaped.getExtensions()).containsEntry("code", ErrorCode.INVALID_ARGUMENT.name());
        assertThat(shaped.getMessage()).isEqualTo(raw.getMessage()).contains("'id'");
    }

    @Test
    void anErrorOfNoKnownKindIsInternalAndSaysNothing() {
        GraphQLError raw = graphql.GraphqlErrorBuilder.newError()
                .message("java.lang.IllegalStateException: pool police exhausted")
                .path(List.of("resident"))
                .build();

        GraphQLError shaped = ErrorShapingInterceptor.shape(raw);
        assertShaped(shaped, ErrorCode.INTERNAL, "internal error");
    }
}
