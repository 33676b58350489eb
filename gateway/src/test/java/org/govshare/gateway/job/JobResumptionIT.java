package org.govshare.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.gateway.access.PolicyService;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.demo.FixedRecords;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.testing.AdminApi;
import org.govshare.gateway.testing.JobClient;
import org.govshare.gateway.testing.RealServers;
import org.govshare.gateway.testing.RealServersTest;
import org.govshare.gateway.testing.TestSupport;
import org.govshare.gateway.testing.TestTokens;
import org.govshare.gateway.verification.VerificationGuard;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Jobs survive the instance that works on them: an instance that stops holding a job's lease (as a crashed one does)
 * keeps the job only until the lease runs out; another instance on the same control plane then goes on from the
 * job's mark, so no subject is lost and none is checked (or audited) twice, and a late write of the stopped instance
 * is refused; once the grant's retention has passed, the results are deleted, audited. The runners here are two instances' runners over one control plane, their clocks moved by the test;
 * this context's own runner is off.
 */
@RealServersTest
@ActiveProfiles("demo")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "govshare.demo.residents=2000",
            TestSupport.TEST_GRANTS,
            "govshare.jobs.enabled=false",
            "govshare.jobs.batch-size=8"
        })
class JobResumptionIT {
    @Value("${local.server.port}")
    int port;

    @Autowired
    JWKSource<SecurityContext> issuerKeys;

    @Autowired
    JobStore store;

    @Autowired
    VerificationJobs jobs;

    @Autowired
    JobAudit audit;

    @Autowired
    LiveCatalog live;

    @Autowired
    SourceRegistry sources;

    @Autowired
    SourceQueryExecutor executor;

    @Autowired
    VerificationGuard guard;

    @Autowired
    JobProperties properties;

    @Autowired
    PolicyService policy;

    @Autowired
    DailyWindow window;

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    private JobRunner runner(Clock clock) {
        return new JobRunner(
                store, jobs, new BatchChecker(executor, guard, 20), audit, live, sources, properties, clock);
    }

    @Test
    void anotherInstanceResumesAJobWhereItsStoppedInstanceLeftItWithNoSubjectTwiceAndNoneLost() throws Exception {
        List<String> keys = generatedResidents(19);
        keys.add(0, FixedRecords.R1_ID);
        JobClient client = new JobClient(
                port, TestTokens.withScopes(issuerKeys, "batch-test", List.of("govshare.query")), "BATCH_CHECK");
        String id = client.submitted("Resident", "{\"regionCode\": \"441900\"}", "application/x-ndjson", ndjson(keys));

        MovingClock first = new MovingClock();
        assertThat(runner(first).work(id, Duration.ofHours(1), 1)).isEqualTo(JobRunner.Turn.SLICE_UP);
        assertThat(client.progress(id).get("done").asInt()).isEqualTo(8);
        // The first instance takes the job again and stops (crashes) while holding it.
        assertThat(store.lease(
                        id, "crashed-instance", first.instant(), first.instant().plusSeconds(30)))
                .isTrue();

        MovingClock second = new MovingClock();
        JobRunner other = runner(second);
        assertThat(other.work(id, Duration.ofHours(1), Integer.MAX_VALUE)).isEqualTo(JobRunner.Turn.NOT_HELD);
        assertThat(client.progress(id).get("done").asInt()).isEqualTo(8);

        second.advance(Duration.ofSeconds(31));
        assertThat(other.work(id, Duration.ofHours(1), Integer.MAX_VALUE)).isEqualTo(JobRunner.Turn.FINISHED);

        JsonNode finished = client.progress(id);
        assertThat(finished.get("state").asString()).isEqualTo("DONE");
        assertThat(finished.get("done").asInt()).isEqualTo(keys.size());
        List<String> results = client.results(id, 1000);
        assertThat(results).hasSize(keys.size());
        List<String> resultKeys = new ArrayList<>();
        results.forEach(result -> resultKeys.add(result.substring(0, result.indexOf('='))));
        assertThat(resultKeys).containsExactlyElementsOf(keys);

        // The crashed instance's late write of the first batch is refused: the job's mark has moved on.
        assertThat(store.complete(
                        id, "crashed-instance", 0, store.subjects(id, 0, 8), first.instant(), first.instant(), null))
                .isFalse();

        // After the grant's retention (one day) the results are deleted, and the deletion is on the audit trail.
        MovingClock later = new MovingClock();
        later.advance(Duration.ofDays(2));
        new VerificationJobs(store, live, policy, window, audit, later, 0).deleteExpired();
        assertThat(client.progress(id).get("state").asString()).isEqualTo("EXPIRED");
        assertThat(store.subjects(id, 0, 100)).isEmpty();
        try (Connection connection = DriverManager.getConnection(
                        RealServers.POSTGRES + RealServers.database("control"), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT consumer_id, purpose_code FROM audit_record"
                        + " WHERE operation LIKE 'job results deleted after their retention%' AND codes LIKE '%"
                        + id + "%'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("batch-test");
            assertThat(rows.getString(2)).isEqualTo("BATCH_CHECK");
        }

        // Each subject is in exactly one batch record of the job.
        for (String key : List.of(keys.get(0), keys.get(10), keys.get(19))) {
            JsonNode log = new AdminApi(port)
                    .query("authority-admin", "query($s: ID!) { accessLog(subject: $s) { job } }", Map.of("s", key))
                    .get("accessLog");
            assertThat(log.findValuesAsString("job").stream().filter(id::equals))
                    .hasSize(1);
        }
    }

    private static String ndjson(List<String> keys) {
        StringBuilder body = new StringBuilder();
        keys.forEach(key -> body.append("{\"idNumber\": \"").append(key).append("\"}\n"));
        return body.toString();
    }

    private static List<String> generatedResidents(int count) throws SQLException {
        List<String> residents = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                        RealServers.POSTGRES + RealServers.database("police"), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id_number FROM resident WHERE id_number LIKE '3%'"
                        + " ORDER BY id_number LIMIT " + count)) {
            while (rows.next()) {
                residents.add(rows.getString(1));
            }
        }
        return residents;
    }
}
