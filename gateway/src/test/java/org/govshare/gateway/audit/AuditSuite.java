package org.govshare.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govshare.gateway.demo.FixedRecords.R1_ID;
import static org.govshare.gateway.demo.FixedRecords.R2_ID;
import static org.govshare.gateway.demo.FixedRecords.R3_ID;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.govshare.gateway.subject.Subject;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail through HTTP with real tokens: every operation, allowed or refused, is on the record before its
 * response leaves, with consumer, purpose, case, operator, fields and subjects (as digests, never ID numbers);
 * {@code accessLog} answers for the fixed records; the hash chain finds an edited, deleted or reordered record; a
 * store that does not take the record refuses the response.
 */
abstract class AuditSuite {
    private static final String ACCESS_LOG = """
            query($s: ID!, $from: DateTime) { accessLog(subject: $s, from: $from) {
              sequence at consumer purpose caseId operatorId fields verifiedFields outcome codes } }""";
    private static final String CHAIN = "{ verifyAuditChain { ok records firstBrokenAt firstBrokenSequence problem } }";

    @Value("${local.server.port}")
    int port;

    @Autowired
    DataSource controlPlane;

    @Autowired
    SubjectDigests digests;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    private GraphQlHttpClient as(String client, String purpose, String caseId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + TestTokens.fromIssuer(port, client));
        headers.put("X-Purpose", purpose);
        headers.put("X-Case-Id", caseId);
        headers.put("X-Operator-Id", "clerk-17");
        return new GraphQlHttpClient(port, headers);
    }

    @Test
    void accessLogShowsWhoReadVerifiedAndTriedToReadAFixedRecord() {
        Instant from = Instant.now().minusSeconds(1);
        String readCase = "SB-" + UUID.randomUUID();
        String verifyCase = "KYC-" + UUID.randomUUID();
        String refusedCase = "SB-" + UUID.randomUUID();

        JsonNode read = as("dongguan-window", "PENSION_EXTENSION", readCase)
                .post("{ resident(idNumber: \"%s\") { name pension { status } } }".formatted(R1_ID));
        JsonNode verified = as("bank-kyc", "ACCOUNT_OPENING_KYC", verifyCase)
                .post("{ verifyResident(idNumber: \"%s\", claims: {name: \"张秀英\", birthDate: \"1962-03-15\"})"
                                .formatted(R1_ID)
                        + " { outcome } }");
        JsonNode refused = as("dongguan-window", "PENSION_EXTENSION", refusedCase)
                .post("{ resident(idNumber: \"%s\") { address } }".formatted(R1_ID));
        assertThat(read.has("errors")).as("%s", read).isFalse();
        assertThat(verified.has("errors")).as("%s", verified).isFalse();
        assertThat(refused.at("/errors/0/extensions/code").asString()).isEqualTo("FORBIDDEN_FIELD");

        JsonNode log = new AdminApi(port)
                .query("authority-admin", ACCESS_LOG, Map.of("s", R1_ID, "from", from.toString()))
                .get("accessLog");

        JsonNode readRecord = byCase(log, readCase);
        assertThat(readRecord.get("consumer").asString()).isEqualTo("dongguan-window");
        assertThat(readRecord.get("purpose").asString()).isEqualTo("PENSION_EXTENSION");
        assertThat(readRecord.get("operatorId").asString()).isEqualTo("clerk-17");
        assertThat(readRecord.get("outcome").asString()).isEqualTo("ALLOWED");
        assertThat(strings(readRecord.get("fields")))
                .contains("Query.resident", "Resident.name", "Resident.pension", "PensionAccount.status");
        JsonNode verifyRecord = byCase(log, verifyCase);
        assertThat(verifyRecord.get("consumer").asString()).isEqualTo("bank-kyc");
        assertThat(strings(verifyRecord.get("verifiedFields")))
                .containsExactly("Query.verifyResident", "Resident.birthDate", "Resident.name");
        JsonNode refusedRecord = byCase(log, refusedCase);
        assertThat(refusedRecord.get("outcome").asString()).isEqualTo("DENIED");
        assertThat(strings(refusedRecord.get("codes"))).containsExactly("FORBIDDEN_FIELD");
        assertThat(strings(refusedRecord.get("fields"))).contains("Resident.address");
    }

    @Test
    void theTrailHoldsDigestsAndShapesButNoIdNumberOrValue() throws SQLException {
        String caseId = "SB-" + UUID.randomUUID();
        as("dongguan-window", "PENSION_EXTENSION", caseId)
                .post("{ resident(idNumber: \"%s\") { name } }".formatted(R3_ID));
        as("dongguan-window", "PENSION_EXTENSION", caseId + "-2")
                .post("{ resident(idNumber: \"%s\") { name } }".formatted(R2_ID));

        List<Map<String, String>> rows = query(
                "SELECT r.operation, r.operation_hash, r.fields, s.subject FROM audit_record r"
                        + " JOIN audit_subject s ON s.seq = r.seq WHERE r.case_id IN (?, ?) ORDER BY r.seq",
                caseId,
                caseId + "-2");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("subject")).isEqualTo(digests.digest(new Subject("RESIDENT_ID_NUMBER", R3_ID)));
        assertThat(rows.get(0).get("operation_hash")).isEqualTo(rows.get(1).get("operation_hash"));
        for (Map<String, String> row : rows) {
            assertThat(row.toString())
                    .doesNotContain(R3_ID)
                    .doesNotContain(R2_ID)
                    .doesNotContain("陈志强");
            assertThat(row.get("operation")).contains("resident(idNumber:").contains("name");
        }
    }

    @Test
    void aStewardSeesOnlyTheRecordsAndFieldsOfItsSource() {
        Instant from = Instant.now().minusSeconds(1);
        String caseId = "SB-" + UUID.randomUUID();
        as("dongguan-window", "PENSION_EXTENSION", caseId)
                .post("{ resident(idNumber: \"%s\") { name pension { retired } } }".formatted(R3_ID));
        as("bank-kyc", "ACCOUNT_OPENING_KYC", caseId)
                .post("{ verifyResident(idNumber: \"%s\", claims: {name: \"陈志强\"}) { outcome } }".formatted(R3_ID));

        JsonNode log = new AdminApi(port)
                .query("hrss-steward", ACCESS_LOG, Map.of("s", R3_ID, "from", from.toString()))
                .get("accessLog");

        List<String> consumers = new ArrayList<>();
        log.forEach(record -> {
            consumers.add(record.get("consumer").asString());
            assertThat(strings(record.get("fields"))).allMatch(field -> field.startsWith("PensionAccount."));
        });
        assertThat(consumers).containsExactly("dongguan-window");
    }

    @Test
    void usageCountsAllowedAndDeniedOperationsPerConsumerAndPurpose() {
        String caseId = "SB-" + UUID.randomUUID();
        GraphQlHttpClient window = as("tax-bureau", "TAX_RECONCILIATION", caseId);
        window.post("{ enterprise(creditCode: \"91441900MA4UJ0K88K\") { name } }");
        window.post("{ enterprise(creditCode: \"91441900MA4UJ0K88K\") { legalRepresentative { idNumber } } }");

        JsonNode usage = new AdminApi(port)
                .query(
                        "authority-admin",
                        "{ usage(period: HOUR) { period consumer purpose allowed denied } }",
                        Map.of())
                .get("usage");

        List<JsonNode> tax = new ArrayList<>();
        usage.forEach(row -> {
            if (row.get("consumer").asString().equals("tax-bureau")) {
                tax.add(row);
            }
        });
        assertThat(tax).isNotEmpty();
        assertThat(tax.stream().mapToLong(row -> row.get("allowed").asLong()).sum())
                .isPositive();
        assertThat(tax.stream().mapToLong(row -> row.get("denied").asLong()).sum())
                .isPositive();
        assertThat(tax).allMatch(row -> row.get("purpose").asString().equals("TAX_RECONCILIATION"));
    }

    @Test
    void usageCountsOperationsThatUsedNoDataApartFromRefusedOnes() {
        String consumer = "usage-" + UUID.randomUUID().toString().substring(0, 8);
        GraphQlHttpClient client = GraphQlHttpClient.of(port, TestTokens.signed(issuerKeys, consumer), null);
        client.post("{ catalog(search: \"退休\") { name } }");
        client.post("{ __schema { queryType { name } } }");
        JsonNode refused = client.post("{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID));

        JsonNode usage = new AdminApi(port)
                .query("authority-admin", "{ usage(period: HOUR) { consumer allowed withoutData denied } }", Map.of())
                .get("usage");

        List<JsonNode> rows = new ArrayList<>();
        usage.forEach(row -> {
            if (row.get("consumer").asString().equals(consumer)) {
                rows.add(row);
            }
        });
        assertThat(refused.at("/errors/0/extensions/code").asString()).isEqualTo("PURPOSE_REQUIRED");
        assertThat(rows.stream().mapToLong(row -> row.get("allowed").asLong()).sum())
                .isZero();
        assertThat(rows.stream()
                        .mapToLong(row -> row.get("withoutData").asLong())
                        .sum())
                .isEqualTo(2);
        assertThat(rows.stream().mapToLong(row -> row.get("denied").asLong()).sum())
                .isEqualTo(1);
    }

    @Test
    void theChainFindsAnEditedDeletedOrReorderedRecord() throws SQLException {
        String caseId = "TAMPER-" + UUID.randomUUID();
        GraphQlHttpClient window = as("dongguan-window", "PENSION_EXTENSION", caseId);
        for (int i = 0; i < 3; i++) {
            window.post("{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID));
        }
        List<Long> sequences = new ArrayList<>();
        query("SELECT seq FROM audit_record WHERE case_id = ? ORDER BY seq", caseId)
                .forEach(row -> sequences.add(Long.parseLong(row.get("seq"))));
        assertThat(sequences).hasSize(3);
        long middle = sequences.get(1);
        assertThat(chain().get("ok").asBoolean()).as("%s", chain()).isTrue();

        // Edited: somebody makes it look as if another consumer read the record.
        execute("UPDATE audit_record SET consumer_id = 'tax-bureau' WHERE seq = " + middle);
        JsonNode edited = chain();
        execute("UPDATE audit_record SET consumer_id = 'dongguan-window' WHERE seq = " + middle);
        assertThat(chain().get("ok").asBoolean()).isTrue();

        // Deleted: the record (and its subjects) vanish.
        execute("CREATE TABLE audit_record_saved AS SELECT * FROM audit_record WHERE seq = " + middle);
        execute("CREATE TABLE audit_subject_saved AS SELECT * FROM audit_subject WHERE seq = " + middle);
        execute("DELETE FROM audit_subject WHERE seq = " + middle);
        execute("DELETE FROM audit_record WHERE seq = " + middle);
        JsonNode deleted = chain();
        execute("INSERT INTO audit_record SELECT * FROM audit_record_saved");
        execute("INSERT INTO audit_subject SELECT * FROM audit_subject_saved");
        execute("DROP TABLE audit_record_saved");
        execute("DROP TABLE audit_subject_saved");
        assertThat(chain().get("ok").asBoolean()).isTrue();

        // Reordered: two records swap places (their sequence numbers).
        long first = sequences.get(0);
        long swap = 999_999_999L;
        for (String table : List.of("audit_record", "audit_subject")) {
            execute("UPDATE " + table + " SET seq = " + swap + " WHERE seq = " + first);
            execute("UPDATE " + table + " SET seq = " + first + " WHERE seq = " + middle);
            execute("UPDATE " + table + " SET seq = " + middle + " WHERE seq = " + swap);
        }
        JsonNode reordered = chain();
        for (String table : List.of("audit_record", "audit_subject")) {
            execute("UPDATE " + table + " SET seq = " + swap + " WHERE seq = " + first);
            execute("UPDATE " + table + " SET seq = " + first + " WHERE seq = " + middle);
            execute("UPDATE " + table + " SET seq = " + middle + " WHERE seq = " + swap);
        }

        assertThat(edited.get("ok").asBoolean()).isFalse();
        assertThat(edited.get("firstBrokenSequence").asLong()).isEqualTo(middle);
        assertThat(edited.get("firstBrokenAt").asString()).isNotEmpty();
        assertThat(deleted.get("ok").asBoolean()).isFalse();
        assertThat(deleted.get("firstBrokenSequence").asLong()).isEqualTo(middle);
        assertThat(deleted.get("problem").asString()).contains("missing");
        assertThat(reordered.get("ok").asBoolean()).isFalse();
        assertThat(reordered.get("firstBrokenSequence").asLong()).isEqualTo(first);
        assertThat(chain().get("ok").asBoolean()).as("restored: %s", chain()).isTrue();
    }

    @Test
    void aStoreThatDoesNotTakeTheRecordRefusesTheResponse() throws SQLException {
        String caseId = "DOWN-" + UUID.randomUUID();
        GraphQlHttpClient window = as("dongguan-window", "PENSION_EXTENSION", caseId);
        JsonNode response;
        execute("ALTER TABLE audit_subject RENAME TO audit_subject_away");
        try {
            response = window.post("{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID));
        } finally {
            execute("ALTER TABLE audit_subject_away RENAME TO audit_subject");
        }
        JsonNode after = window.post("{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID));

        assertThat(response.at("/errors/0/extensions/code").asString()).isEqualTo("SOURCE_UNAVAILABLE");
        assertThat(response.toString()).doesNotContain("张秀英");
        assertThat(after.at("/data/resident/name").asString()).isEqualTo("张秀英");
        assertThat(query("SELECT seq FROM audit_record WHERE case_id = ?", caseId))
                .hasSize(1);
        assertThat(chain().get("ok").asBoolean()).isTrue();
    }

    @Test
    void anAdminsLookAtASubjectsAccessLogIsOnThatAccessLog() {
        Instant from = Instant.now().minusSeconds(1);
        String caseId = "ADM-" + UUID.randomUUID();
        String token = TestTokens.fromIssuer(port, "authority-admin");
        AdminApi admin = new AdminApi(port);

        HttpResponse<String> looked = admin.postWithToken(
                token,
                body(ACCESS_LOG, Map.of("s", R2_ID, "from", from.toString())),
                Map.of("Accept", "application/json", "X-Case-Id", caseId, "X-Operator-Id", "auditor-3"));
        JsonNode log = admin.query("authority-admin", ACCESS_LOG, Map.of("s", R2_ID, "from", from.toString()))
                .get("accessLog");

        assertThat(looked.statusCode()).as(looked.body()).isEqualTo(200);
        JsonNode record = byCase(log, caseId);
        assertThat(record.get("consumer").asString()).isEqualTo("authority-admin");
        assertThat(record.get("operatorId").asString()).isEqualTo("auditor-3");
        assertThat(record.get("outcome").asString()).isEqualTo("ALLOWED");
        assertThat(record.get("purpose").isNull()).isTrue();
        assertThat(strings(record.get("fields"))).isEmpty();
        assertThat(strings(record.get("codes"))).isEmpty();
        // Filed under the subject looked at (as a keyed digest), in the one hash chain.
        assertThat(query(
                        "SELECT s.subject FROM audit_record r JOIN audit_subject s ON s.seq = r.seq"
                                + " WHERE r.case_id = ?",
                        caseId))
                .extracting(row -> row.get("subject"))
                .containsExactly(digests.digest(new Subject("RESIDENT_ID_NUMBER", R2_ID)));
        assertThat(query("SELECT operation FROM audit_record WHERE case_id = ?", caseId)
                        .get(0)
                        .get("operation"))
                .contains("accessLog(", "subject:$v")
                .doesNotContain(R2_ID);
        assertThat(chain().get("ok").asBoolean()).isTrue();
    }

    @Test
    void aRefusedAdminCallIsOnTheRecordUnderTheSubjectItNamed() {
        Instant from = Instant.now().minusSeconds(1);
        String caseId = "ADM-" + UUID.randomUUID();
        AdminApi admin = new AdminApi(port);

        // usage is the authority's: the steward's whole operation is refused before anything runs.
        HttpResponse<String> refused = admin.postWithToken(
                TestTokens.fromIssuer(port, "hrss-steward"),
                body("query($s: ID!) { accessLog(subject: $s) { sequence } usage { consumer } }", Map.of("s", R3_ID)),
                Map.of("Accept", "application/graphql-response+json", "X-Case-Id", caseId));
        JsonNode log = admin.query("authority-admin", ACCESS_LOG, Map.of("s", R3_ID, "from", from.toString()))
                .get("accessLog");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain("\"data\"").contains("FORBIDDEN_FIELD");
        JsonNode record = byCase(log, caseId);
        assertThat(record.get("consumer").asString()).isEqualTo("hrss-steward");
        assertThat(record.get("outcome").asString()).isEqualTo("DENIED");
        assertThat(strings(record.get("codes"))).containsExactly("FORBIDDEN_FIELD");
    }

    @Test
    void anAdminChangeIsOnTheRecordAsItEnded() {
        String caseId = "ADM-" + UUID.randomUUID();

        HttpResponse<String> changed = new AdminApi(port)
                .postWithToken(
                        TestTokens.fromIssuer(port, "authority-admin"),
                        body(
                                "mutation($g: ID!) { changeGrant(change: {grantId: $g, revoke: true}, reason: \"x\")"
                                        + " { version } }",
                                Map.of("g", "no-such-grant-" + caseId)),
                        Map.of("Accept", "application/json", "X-Case-Id", caseId));

        assertThat(changed.body()).contains("INVALID_ARGUMENT");
        List<Map<String, String>> rows =
                query("SELECT consumer_id, operation, codes FROM audit_record WHERE case_id = ?", caseId);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("consumer_id")).isEqualTo("authority-admin");
        assertThat(rows.get(0).get("operation")).contains("changeGrant(").doesNotContain("no-such-grant");
        assertThat(rows.get(0).get("codes")).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void aCallerWithoutAnAdminRoleIsRefusedAndRecorded() {
        String consumer = "prober-" + UUID.randomUUID().toString().substring(0, 8);

        HttpResponse<String> refused = new AdminApi(port)
                .postWithToken(TestTokens.signed(issuerKeys, consumer), body("{ me { subject } }", Map.of()));

        assertThat(refused.statusCode()).isEqualTo(403);
        List<Map<String, String>> rows =
                query("SELECT operation, outcome, codes FROM audit_record WHERE consumer_id = ?", consumer);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("operation")).contains("/admin/graphql");
        assertThat(rows.get(0).get("outcome")).isEqualTo("DENIED");
        assertThat(rows.get(0).get("codes")).isEqualTo("FORBIDDEN_FIELD");
    }

    @Test
    void aDataFieldAskedOfTheAdminApiIsRecordedAsNothingRead() {
        String caseId = "ADM-" + UUID.randomUUID();

        HttpResponse<String> refused = new AdminApi(port)
                .postWithToken(
                        TestTokens.fromIssuer(port, "authority-admin"),
                        body("{ resident(idNumber: \"%s\") { name } }".formatted(R1_ID), Map.of()),
                        Map.of("Accept", "application/json", "X-Case-Id", caseId));

        assertThat(refused.body()).contains("FORBIDDEN_FIELD").doesNotContain("张秀英");
        // The document is walked on the admin schema, where it asks for nothing: no catalog field, no subject.
        List<Map<String, String>> rows =
                query("SELECT seq, fields, outcome FROM audit_record WHERE case_id = ?", caseId);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("fields")).isNullOrEmpty();
        assertThat(rows.get(0).get("outcome")).isEqualTo("DENIED");
        assertThat(query(
                        "SELECT subject FROM audit_subject WHERE seq = ?",
                        Long.parseLong(rows.get(0).get("seq"))))
                .isEmpty();
    }

    private static String body(String document, Map<String, Object> variables) {
        return tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .writeValueAsString(Map.of("query", document, "variables", variables));
    }

    private JsonNode chain() {
        return new AdminApi(port).query("authority-admin", CHAIN, Map.of()).get("verifyAuditChain");
    }

    private static JsonNode byCase(JsonNode log, String caseId) {
        for (JsonNode record : log) {
            if (caseId.equals(record.path("caseId").asString(""))) {
                return record;
            }
        }
        throw new AssertionError("no record of case " + caseId + " in " + log);
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(item -> strings.add(item.asString()));
        return strings;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = controlPlane.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<Map<String, String>> query(String sql, Object... values) {
        try (Connection connection = controlPlane.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            List<Map<String, String>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(
                                result.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT),
                                result.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
