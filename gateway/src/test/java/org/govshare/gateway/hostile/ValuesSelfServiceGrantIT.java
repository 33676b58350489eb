package org.govshare.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R2_ID;
import static org.govshare.gateway.hostile.ValuesAttacks.code;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * Item 9 of issue #18, self-service grants: the share-request workflow granted {@code Query.resident} and {@code
 * regionCode} at once, without quotas, so any consumer had existence and region for every ID number, and a route back
 * after a revocation. A lookup root is an existence oracle and goes to its source's steward; every grant the workflow
 * makes carries the default quotas; a consumer from whom a grant was withdrawn gets nothing more without review.
 */
@ValuesTest
class ValuesSelfServiceGrantIT {
    private static final String SUBMIT = """
            mutation($r: ShareRequestInput!) { submitShareRequest(request: $r) {
              id grantId items { field status source } } }""";
    private static final String GRANTS = """
            query($c: ID) { grants(consumer: $c) { id status fields { field } requestsPerSecond
              mismatchesPerSubjectPerDay distinctSubjectsPerDay rowsPerPage lookupMissesPerDay } }""";

    @Value("${local.server.port}")
    int port;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    private JsonNode apply(String consumer, String purpose) {
        JsonNode response = ValuesAttacks.signedClient(port, issuerKeys, consumer, null)
                .post(
                        SUBMIT,
                        Map.of(
                                "r",
                                Map.of(
                                        "purpose",
                                        purpose,
                                        "fields",
                                        List.of(
                                                Map.of("field", "Query.resident", "access", "READ"),
                                                Map.of("field", "Resident.regionCode", "access", "READ")),
                                        "justification",
                                        "where do applicants live",
                                        "caseVolume",
                                        1000,
                                        "requestedDays",
                                        30)));
        assertThat(response.has("errors")).as("%s", response).isFalse();
        return response.at("/data/submitShareRequest");
    }

    @Test
    void aLookupRootIsReviewedAndTheAutomaticGrantCarriesQuotas() {
        String consumer = "no-grant-app-" + UUID.randomUUID();
        JsonNode request = apply(consumer, "REGION_OF_ANYONE");
        GraphQlHttpClient client = ValuesAttacks.signedClient(port, issuerKeys, consumer, "REGION_OF_ANYONE");

        JsonNode oracle = client.post("{ resident(idNumber: \"%s\") { regionCode } }".formatted(R2_ID));
        JsonNode grants = new AdminApi(port)
                .query("authority-admin", GRANTS, Map.of("c", consumer))
                .get("grants");

        assertThat(status(request, "Query.resident")).isEqualTo("PENDING");
        assertThat(source(request, "Query.resident")).isEqualTo("police");
        assertThat(status(request, "Resident.regionCode")).isEqualTo("GRANTED");
        assertThat(code(oracle)).isEqualTo("FORBIDDEN_FIELD");
        assertThat(oracle.toString()).doesNotContain("110105");
        assertThat(grants.size()).isEqualTo(1);
        JsonNode grant = grants.get(0);
        assertThat(grant.get("fields").toString())
                .contains("Resident.regionCode")
                .doesNotContain("Query.resident");
        for (String quota : List.of(
                "requestsPerSecond", "mismatchesPerSubjectPerDay", "distinctSubjectsPerDay", "lookupMissesPerDay")) {
            assertThat(grant.get(quota).asInt()).as(quota).isPositive();
        }
    }

    @Test
    void aConsumerWhoseGrantWasRevokedCannotObtainItAgainWithoutReview() {
        String consumer = "revoked-app-" + UUID.randomUUID();
        JsonNode first = apply(consumer, "REGION_OF_ANYONE");
        new AdminApi(port)
                .query(
                        "authority-admin",
                        "mutation($c: GrantChangeInput!) { changeGrant(change: $c, reason: \"misuse\") { version } }",
                        Map.of("c", Map.of("grantId", first.get("grantId").asString(), "revoke", true)));

        JsonNode again = apply(consumer, "REGION_OF_ANYONE");
        JsonNode otherPurpose = apply(consumer, "ANOTHER_PURPOSE");
        JsonNode grants = new AdminApi(port)
                .query("authority-admin", GRANTS, Map.of("c", consumer))
                .get("grants");

        assertThat(status(first, "Resident.regionCode")).isEqualTo("GRANTED");
        assertThat(status(again, "Resident.regionCode")).isEqualTo("PENDING");
        assertThat(status(otherPurpose, "Resident.regionCode")).isEqualTo("PENDING");
        List<String> statuses = new java.util.ArrayList<>();
        grants.forEach(grant -> statuses.add(grant.get("status").asString()));
        assertThat(statuses).containsExactly("REVOKED");
    }

    private static String status(JsonNode request, String field) {
        return item(request, field).get("status").asString();
    }

    private static String source(JsonNode request, String field) {
        return item(request, field).get("source").asString();
    }

    private static JsonNode item(JsonNode request, String field) {
        for (JsonNode item : request.get("items")) {
            if (item.get("field").asString().equals(field)) {
                return item;
            }
        }
        throw new AssertionError("no item " + field + " in " + request);
    }
}
