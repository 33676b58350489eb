package org.govshare.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.hostile.ValuesAttacks.code;
import static org.govshare.gateway.hostile.ValuesAttacks.codes;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.SourceStatementLog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * Item 10 of issue #18, exact limits: a verification of eight claims was booked against a limit of five, and the
 * distinct-subjects ceiling was checked before an operation only, so one page passed it. Each claim is reserved
 * before anything runs (a verification that could pass the limit is refused whole), and the subjects of an operation
 * are admitted against the ceiling before its rows leave (when they do not fit, none of its data does). The same
 * limits under concurrent requests, on one instance and on two sharing Redis: {@link ValuesConcurrentLimitsIT}.
 */
@ValuesTest
class ValuesExactLimitsIT {
    private static final String VERIFY = """
            query($id: ID!, $claims: ResidentClaims!) { verifyResident(idNumber: $id, claims: $claims) { outcome } }""";

    @Value("${local.server.port}")
    int port;

    @Autowired
    SourceRegistry sources;

    @Autowired
    SourceStatementLog statements;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    @Test
    void everyClaimIsReservedSoNoVerificationPassesTheLimit() throws SQLException {
        GraphQlHttpClient guesser = ValuesAttacks.signedClient(port, issuerKeys, "claim-guesser", "CLAIM_GUESS");
        Map<String, String> subject = residents("110101").get(0);
        Map<String, Object> threeWrong = wrongClaims(subject, 3);

        JsonNode first = guesser.post(VERIFY, Map.of("id", subject.get("id_number"), "claims", threeWrong));
        statements.clear();
        JsonNode second = guesser.post(VERIFY, Map.of("id", subject.get("id_number"), "claims", threeWrong));
        List<String> sentForSecond = statements.sqlOf("police");
        JsonNode third =
                guesser.post(VERIFY, Map.of("id", subject.get("id_number"), "claims", wrongClaims(subject, 2)));
        JsonNode fourth = guesser.post(
                VERIFY, Map.of("id", subject.get("id_number"), "claims", Map.of("name", subject.get("name"))));

        // Five guesses a day about the subject: 3, then 3 more would be 6 (refused whole, nothing asked), 2 make 5.
        assertThat(first.at("/data/verifyResident/outcome").asString()).isEqualTo("MISMATCH");
        assertThat(code(second)).isEqualTo("QUOTA_EXCEEDED");
        assertThat(sentForSecond).isEmpty();
        assertThat(third.at("/data/verifyResident/outcome").asString()).isEqualTo("MISMATCH");
        assertThat(code(fourth)).isEqualTo("QUOTA_EXCEEDED");
        assertThat(fourth.toString()).doesNotContain("MATCH");
    }

    @Test
    void claimsSentAsAliasesInOneRequestAreReservedTogether() throws SQLException {
        GraphQlHttpClient guesser = ValuesAttacks.signedClient(port, issuerKeys, "claim-guesser", "CLAIM_GUESS");
        Map<String, String> subject = residents("110101").get(1);
        StringBuilder document = new StringBuilder("{");
        for (int alias = 0; alias < 4; alias++) {
            document.append(" g%d: verifyResident(idNumber: \"%s\", claims: {name: \"猜%d\", gender: %s}) { outcome }"
                    .formatted(alias, subject.get("id_number"), alias, otherGender(subject)));
        }
        document.append(" }");

        JsonNode response = guesser.post(document.toString());

        List<String> outcomes = new ArrayList<>();
        for (int alias = 0; alias < 4; alias++) {
            outcomes.add(response.at("/data/g" + alias + "/outcome").asString(""));
        }
        // Two claims each against five: two verifications fit (4), a third would make 6.
        assertThat(outcomes).filteredOn("MISMATCH"::equals).hasSize(2);
        assertThat(codes(response)).containsExactly("QUOTA_EXCEEDED", "QUOTA_EXCEEDED");
    }

    @Test
    void rowsDoNotLeaveOnceTheDistinctSubjectCeilingIsReached() throws SQLException {
        GraphQlHttpClient collector =
                ValuesAttacks.signedClient(port, issuerKeys, "subject-collector", "SUBJECT_COLLECTION");
        String page = "query($after: String, $first: Int) { residents(regionCode: \"441900\", first: $first,"
                + " after: $after) { edges { node { name } } pageInfo { endCursor } } }";
        List<Map<String, String>> residents = residents("441900");

        JsonNode firstPage = collector.post(page, Map.of("first", 3));
        String cursor = firstPage.at("/data/residents/pageInfo/endCursor").asString();
        JsonNode overshooting = collector.post(page, Map.of("first", 3, "after", cursor));
        JsonNode seenBefore = collector.post("{ resident(idNumber: \"%s\") { name } }"
                .formatted(residents.get(0).get("id_number")));
        JsonNode fitting = collector.post(page, Map.of("first", 2, "after", cursor));
        JsonNode sixth = collector.post("{ resident(idNumber: \"%s\") { name } }"
                .formatted(residents.get(5).get("id_number")));

        assertThat(firstPage.at("/data/residents/edges").size()).isEqualTo(3);
        // A page of three more would make six subjects against a ceiling of five: none of its rows leaves.
        assertThat(code(overshooting)).isEqualTo("QUOTA_EXCEEDED");
        assertThat(overshooting.has("data")).as("%s", overshooting).isFalse();
        for (Map<String, String> resident : residents.subList(3, 6)) {
            assertThat(overshooting.toString()).doesNotContain(resident.get("name"));
        }
        // A subject counted already is no new one: below the ceiling it may be read again.
        assertThat(seenBefore.at("/data/resident/name").asString())
                .isEqualTo(residents.get(0).get("name"));
        assertThat(fitting.at("/data/residents/edges").size()).isEqualTo(2);
        assertThat(code(sixth)).isEqualTo("QUOTA_EXCEEDED");
        assertThat(sixth.toString()).doesNotContain(residents.get(5).get("name"));
    }

    /** Residents of one region in key order (the order of pages), from the police source itself. */
    private List<Map<String, String>> residents(String region) throws SQLException {
        return ValuesAttacks.rows(
                sources.source("police").dataSource(),
                "SELECT id_number, name, gender, birth_date FROM resident WHERE region_code = ? ORDER BY id_number",
                region);
    }

    /** Claims about the subject that are all wrong: name, then gender, then birth date. */
    private static Map<String, Object> wrongClaims(Map<String, String> subject, int count) {
        Map<String, Object> claims = new java.util.LinkedHashMap<>();
        claims.put("name", subject.get("name") + "错");
        claims.put("gender", otherGender(subject));
        claims.put(
                "birthDate",
                java.time.LocalDate.parse(subject.get("birth_date")).plusDays(1).toString());
        return claims.entrySet().stream()
                .limit(count)
                .collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, Map.Entry::getValue, (left, right) -> left, java.util.LinkedHashMap::new));
    }

    private static String otherGender(Map<String, String> subject) {
        return "MALE".equals(subject.get("gender")) ? "FEMALE" : "MALE";
    }
}
