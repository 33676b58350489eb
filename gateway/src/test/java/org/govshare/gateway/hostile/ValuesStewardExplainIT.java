package org.govshare.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;
import static org.govshare.gateway.hostile.ValuesAttacks.codes;

import java.util.List;
import java.util.Map;
import org.govshare.gateway.testing.AdminApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * Item 12 of issue #18, a steward's {@code explain}: with {@code Query.*} roots of another department's source, a
 * document showed that department's row filter, grant id and SQL to the steward of hrss. A steward explains only
 * documents whose every field, root fields included, belongs to its own sources, and sees only the row filters of
 * its own sources.
 */
@ValuesTest
class ValuesStewardExplainIT {
    private static final String EXPLAIN = """
            query($c: ID!, $p: String!, $d: String!) { explain(consumer: $c, purpose: $p, document: $d) {
              allowed denied grants rowFilters masks sourceQueries { source sql } problems } }""";

    @Value("${local.server.port}")
    int port;

    @Test
    void aStewardCannotExplainADocumentThatEntersAnotherSource() {
        AdminApi admin = new AdminApi(port);
        List<String> documents = List.of(
                "{ residents(regionCode: \"441900\") { edges { node { name } } } }",
                "{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID),
                "{ verifyResident(idNumber: \"%s\", claims: {name: \"张秀英\"}) { outcome } }".formatted(R1_ID));

        for (String document : documents) {
            JsonNode response = admin.attempt(
                    "hrss-steward",
                    EXPLAIN,
                    Map.of("c", "street-office-441900", "p", "GRASSROOTS_RETURN", "d", document));

            assertThat(codes(response)).as(document).containsExactly("FORBIDDEN_FIELD");
            assertThat(response.toString())
                    .doesNotContain("4419'")
                    .doesNotContain("G-STREET-OFFICE")
                    .doesNotContain("SELECT")
                    .doesNotContain("police");
        }
    }

    @Test
    void aStewardSeesOnlyItsOwnSourcesRowFilters() {
        AdminApi admin = new AdminApi(port);
        String own = "{ verifyPensionAccount(idNumber: \"%s\", claims: {retired: true}) { outcome } }".formatted(R1_ID);

        JsonNode steward = admin.attempt(
                        "hrss-steward", EXPLAIN, Map.of("c", "two-sources", "p", "TWO_SOURCES", "d", own))
                .at("/data/explain");
        JsonNode authority = admin.explain("two-sources", "TWO_SOURCES", own);

        assertThat(steward.get("allowed").toString()).contains("PensionAccount.retired", "Query.verifyPensionAccount");
        assertThat(steward.get("sourceQueries").toString()).contains("hrss").doesNotContain("police");
        // The grant also filters police's residents; that is police's to know, and the authority's.
        assertThat(steward.get("rowFilters").size()).isZero();
        assertThat(authority.get("rowFilters").toString()).contains("Resident.regionCode STARTS_WITH '4419'");
    }
}
