package org.govshare.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.StandardIntrospection;
import org.govshare.gateway.testing.TestTokens;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The introspection queries GraphQL tools send (GraphiQL's, graphql-js's, graphql-java's, with every option) pass the
 * limits for every caller and show each exactly its own schema: the same types and fields a plain introspection shows
 * it, and nothing of what it may not use. Introspection that walks a cycle of the schema or nests deeper than any tool
 * does is refused as QUERY_TOO_COMPLEX.
 */
@ActiveProfiles("demo")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "govshare.demo.residents=2000")
class StandardIntrospectionIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A plain introspection of every type's output and input fields, to compare the standard queries with. */
    private static final String PLAIN = "{ __schema { types { name fields(includeDeprecated: true) { name }"
            + " inputFields(includeDeprecated: true) { name } enumValues(includeDeprecated: true) { name } } } }";

    @Value("${local.server.port}")
    int port;

    private GraphQlHttpClient as(String client, @Nullable String purpose) {
        return GraphQlHttpClient.of(port, TestTokens.fromIssuer(port, client), purpose);
    }

    private record Caller(String client, @Nullable String purpose) {}

    private static final List<Caller> CALLERS = List.of(
            new Caller("dongguan-window", "PENSION_EXTENSION"),
            new Caller("bank-kyc", "ACCOUNT_OPENING_KYC"),
            new Caller("street-office-441900", "GRASSROOTS_RETURN"),
            new Caller("tax-bureau", null),
            new Caller("no-grant-app", null),
            new Caller("authority-admin", null));

    @Test
    void everyStandardIntrospectionQueryShowsEachCallerExactlyItsOwnSchema() {
        for (Caller caller : CALLERS) {
            GraphQlHttpClient client = as(caller.client(), caller.purpose());
            Map<String, List<String>> plain = members(client.post(PLAIN));
            for (Map.Entry<String, String> query :
                    StandardIntrospection.queries().entrySet()) {
                String what = caller.client() + " with " + query.getKey();
                HttpResponse<String> response = client.send(JSON.writeValueAsString(
                        Map.of("query", query.getValue(), "operationName", "IntrospectionQuery")));
                JsonNode body = JSON.readTree(response.body());

                assertThat(response.statusCode()).as(what).isEqualTo(200);
                assertThat(body.has("errors"))
                        .as("%s: %s", what, response.body())
                        .isFalse();
                assertThat(members(body)).as(what).isEqualTo(plain);
                assertThat(body.at("/data/__schema/queryType/name").asString()).isEqualTo("Query");
            }
        }
    }

    @Test
    void theStandardQueryShowsTheWindowItsFieldsAndNothingElse() {
        JsonNode window = as("dongguan-window", "PENSION_EXTENSION")
                .post(StandardIntrospection.queries().get("GraphiQL 2.4.7"));
        JsonNode bank = as("bank-kyc", "ACCOUNT_OPENING_KYC")
                .post(StandardIntrospection.queries().get("graphql-js 16.15.0, every option"));

        Map<String, List<String>> windowMembers = members(window);
        assertThat(windowMembers.get("Resident"))
                .containsExactly("birthDate", "idNumber", "name", "pension", "regionCode");
        assertThat(windowMembers.get("PensionAccount")).containsExactly("contributionMonths", "retired", "status");
        assertThat(windowMembers).doesNotContainKeys("MedicalInsurance", "Enterprise", "IncomeRecord");
        Map<String, List<String>> bankMembers = members(bank);
        assertThat(bankMembers.get("Query")).contains("verifyResident").doesNotContain("resident", "residents");
        assertThat(bankMembers.get("ResidentClaims"))
                .containsExactlyInAnyOrder("name", "birthDate", "birthDateAtLeast", "birthDateAtMost");
        assertThat(bankMembers).doesNotContainKeys("Resident", "PensionAccount", "Enterprise");
    }

    @Test
    void introspectionBeyondWhatToolsAskIsRefusedAsTooComplex() {
        GraphQlHttpClient window = as("dongguan-window", "PENSION_EXTENSION");
        String ofTypes = "ofType { ".repeat(22) + "name" + " }".repeat(22);
        List<String> hostile = List.of(
                // Deeper than any tool's ofType chain.
                "{ __type(name: \"Resident\") { fields { type { " + ofTypes + " } } } }",
                // A cycle through the schema: each level multiplies the answer by the number of types and fields.
                "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }",
                // The schema asked for twice.
                "{ a: __schema { types { name } } b: __schema { types { name } } }");

        for (String document : hostile) {
            JsonNode response = window.post(document);

            assertThat(response.at("/errors/0/extensions/code").asString())
                    .as("%s: %s", document, response)
                    .isEqualTo("QUERY_TOO_COMPLEX");
            assertThat(response.path("data").isMissingNode()
                            || response.path("data").isNull())
                    .as("%s", response)
                    .isTrue();
        }
    }

    /** Each type's name with its output fields, input fields and enum values, sorted. */
    private static Map<String, List<String>> members(JsonNode introspection) {
        Map<String, List<String>> members = new TreeMap<>();
        introspection.at("/data/__schema/types").forEach(type -> {
            TreeSet<String> names = new TreeSet<>();
            for (String kind : List.of("fields", "inputFields", "enumValues")) {
                type.path(kind).forEach(member -> names.add(member.get("name").asString()));
            }
            members.put(type.get("name").asString(), new ArrayList<>(names));
        });
        return new LinkedHashMap<>(members);
    }
}
