package org.govshare.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.govshare.gateway.demo.DemoDataGenerator;
import org.govshare.gateway.demo.FixedRecords;
import org.govshare.gateway.testing.GatewayProcess;
import org.govshare.gateway.testing.JobClient;
import org.govshare.gateway.testing.RealServers;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * A verification job survives the process working on it: two gateway processes (the executable jar, as an operator
 * runs it) share one PostgreSQL control plane, the police source on PostgreSQL and Redis; the pension fund's check of
 * every resident's registration runs, and the process holding its lease is killed ({@code kill -9}) half-way. The
 * other process takes the job over once the lease has run out and finishes it: every subject has exactly one result,
 * the one the source's data gives, and on the audit trail every subject is in exactly one batch record, except the
 * batches the killed process had checked (and recorded, as the trail records every check made) but not yet kept,
 * which the survivor checks again.
 */
class JobFailoverProcessIT {
    private static final String CONTROL = RealServers.database("job_failover");
    private static final String MARKET = RealServers.database("job_failover_market");
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final int BATCH_SIZE = 4;
    private static final Pattern BATCH = Pattern.compile("^job batch: verify Resident subjects ([0-9]+)-([0-9]+)$");

    @TempDir
    static Path folder;

    private static final List<GatewayProcess> processes = new ArrayList<>();

    @BeforeAll
    static void startTwoProcesses() throws Exception {
        RealServers.ensureDatabases();
        RealServers.ensureDemoData();
        RealServers.recreatePostgresDatabase(CONTROL);
        // The demo's market is in-memory in each process; here it is a database both processes share, as the others.
        RealServers.recreatePostgresDatabase(MARKET);
        DemoDataGenerator.forDatabasesOfYourOwn(RealServers.DEMO_SEED)
                .generate(
                        Map.of("market", new DriverManagerDataSource(RealServers.POSTGRES + MARKET, "postgres", "")),
                        RealServers.DEMO_RESIDENTS);
        // A copy of the jar, so that a build running meanwhile cannot replace it under the processes.
        Path jar = Files.copy(
                GatewayProcess.executableJar(), folder.resolve("gateway.jar"), StandardCopyOption.REPLACE_EXISTING);
        List<String> arguments = List.of(
                "--spring.profiles.active=demo",
                "--spring.main.banner-mode=off",
                "--spring.datasource.url=" + RealServers.POSTGRES + CONTROL,
                "--spring.datasource.username=postgres",
                "--govshare.sources.police.url=" + RealServers.POSTGRES + RealServers.database("police"),
                "--govshare.sources.police.username=postgres",
                "--govshare.sources.hrss.url=" + RealServers.POSTGRES + RealServers.database("hrss"),
                "--govshare.sources.hrss.username=postgres",
                "--govshare.sources.tax.url=" + RealServers.MARIADB + RealServers.database("tax"),
                "--govshare.sources.tax.username=root",
                "--govshare.sources.tax.dialect=mariadb",
                "--govshare.sources.medical.url=" + RealServers.MARIADB + RealServers.database("medical"),
                "--govshare.sources.medical.username=root",
                "--govshare.sources.medical.dialect=mariadb",
                "--govshare.sources.market.url=" + RealServers.POSTGRES + MARKET,
                "--govshare.sources.market.username=postgres",
                "--govshare.demo.generate=false",
                "--govshare.audit.key=" + RealServers.AUDIT_KEY,
                "--govshare.quotas.redis-url=" + RealServers.REDIS,
                "--govshare.quotas.redis-key-prefix=job-failover-" + UUID.randomUUID(),
                "--govshare.jobs.lease=" + LEASE.toMillis() + "ms",
                "--govshare.jobs.poll-interval=100ms",
                "--govshare.jobs.workers=1",
                "--govshare.jobs.batch-size=" + BATCH_SIZE,
                "--govshare.jobs.minimum-batch-size=" + BATCH_SIZE);
        // One after the other: the first one migrates the control plane (and start-up is CPU-bound anyway).
        processes.add(GatewayProcess.start("job-failover-a", jar, arguments));
        processes.add(GatewayProcess.start("job-failover-b", jar, arguments));
    }

    @AfterAll
    static void stopProcesses() {
        processes.forEach(GatewayProcess::close);
    }

    @Test
    void theOtherProcessFinishesAJobWhoseProcessWasKilledWithEachSubjectOnceAndNoneLost() throws Exception {
        Map<String, String> expected = registrations();
        assertThat(expected).doesNotContainKey(FixedRecords.R0_ID).hasSizeGreaterThan(2000);
        List<String> keys = new ArrayList<>(expected.keySet());
        keys.add(FixedRecords.R0_ID);
        StringBuilder csv = new StringBuilder("idNumber\n");
        keys.forEach(key -> csv.append(key).append('\n'));

        // Each process has its own demo issuer (its key never leaves it): the pension fund asks each one for a token.
        GatewayProcess first = processes.get(0);
        JobClient submitter = new JobClient(first.port(), TestTokens.fromIssuer(first.port(), "pension-fund"), PURPOSE);
        String id = submitter.submitted("Resident", "{\"registrationStatus\": \"ALIVE\"}", "text/csv", csv.toString());

        // A third of the way through, the process holding the job's lease is killed.
        awaitDone(id, keys.size() / 3, Duration.ofSeconds(60));
        long holderPid = holderPid(id);
        GatewayProcess holder = processes.stream()
                .filter(process -> process.pid() == holderPid)
                .findFirst()
                .orElseThrow();
        GatewayProcess survivor = processes.stream()
                .filter(process -> process != holder)
                .findFirst()
                .orElseThrow();
        holder.kill();
        // A commit the process sent just before it died may still land: the job's mark is read a moment later.
        Thread.sleep(300);
        JobRow atKill = jobRow(id);
        assertThat(atKill.state()).isEqualTo("RUNNING");
        assertThat(atKill.done()).isLessThan(keys.size());
        assertThat(atKill.leaseOwner()).isNotNull();

        // The killed process still holds the lease (renewed with its last batch): nobody goes on with the job until
        // it has run out.
        Thread.sleep(LEASE.toMillis() / 3);
        JobRow whileLeased = jobRow(id);
        assertThat(whileLeased.done()).isEqualTo(atKill.done());
        assertThat(whileLeased.leaseOwner()).isEqualTo(atKill.leaseOwner());

        JobClient fund =
                new JobClient(survivor.port(), TestTokens.fromIssuer(survivor.port(), "pension-fund"), PURPOSE);
        JsonNode finished = awaitFinished(fund, id, Duration.ofSeconds(90));
        assertThat(finished.get("state").asString()).isEqualTo("DONE");
        assertThat(finished.get("total").asInt()).isEqualTo(keys.size());
        assertThat(finished.get("done").asInt()).isEqualTo(keys.size());
        assertThat(jobRow(id).leaseOwner()).isNotEqualTo(atKill.leaseOwner());

        // Every subject exactly once, in submission order, with the outcome the police's data gives.
        List<String> outcomes = new ArrayList<>();
        for (String key : keys) {
            String status = expected.get(key);
            String outcome = status == null ? "NO_RECORD" : status.equals("ALIVE") ? "MATCH" : "MISMATCH";
            outcomes.add(key + "=" + outcome + " registrationStatus=" + outcome);
        }
        assertThat(outcomes).anyMatch(line -> line.contains("=MISMATCH"));
        assertThat(fund.results(id, 1000)).containsExactlyElementsOf(outcomes);

        // The audit trail: the batches kept before the kill, each subject once; the batches the killed process had
        // checked but not kept (at most the one being written and the one checked meanwhile) from the job's mark on,
        // by the killed process only; and from the mark on, every subject once more in the survivor's batches.
        int mark = atKill.done();
        int[] killedChecks = new int[keys.size()];
        int[] survivorChecks = new int[keys.size()];
        int[] beforeMark = new int[keys.size()];
        List<BatchRecord> records = batchRecords(id);
        assertThat(records).isNotEmpty();
        for (BatchRecord record : records) {
            assertThat(record.subjects())
                    .as("subjects listed in record %s", record)
                    .isEqualTo(record.last() - record.first() + 1);
            for (int position = record.first(); position <= record.last(); position++) {
                if (position < mark) {
                    beforeMark[position]++;
                } else if (record.pid() == holderPid) {
                    killedChecks[position]++;
                } else {
                    assertThat(record.pid()).isEqualTo(survivor.pid());
                    survivorChecks[position]++;
                }
            }
            if (record.first() < mark) {
                assertThat(record.last())
                        .as("a kept batch ends before the mark: %s", record)
                        .isLessThan(mark);
            }
        }
        int checkedAgain = 0;
        for (int position = 0; position < keys.size(); position++) {
            if (position < mark) {
                assertThat(beforeMark[position])
                        .as("records of kept position %d", position)
                        .isEqualTo(1);
            } else {
                assertThat(survivorChecks[position])
                        .as("survivor's records of position %d", position)
                        .isEqualTo(1);
                assertThat(killedChecks[position])
                        .as("killed process's records of position %d", position)
                        .isLessThanOrEqualTo(1);
                if (killedChecks[position] == 1) {
                    checkedAgain++;
                    assertThat(position).isLessThan(mark + 2 * BATCH_SIZE);
                }
            }
        }
        assertThat(checkedAgain).isLessThanOrEqualTo(2 * BATCH_SIZE);
    }

    private static final String PURPOSE = "PENSION_ELIGIBILITY_CHECK";

    private record JobRow(String state, int done, String leaseOwner) {}

    private record BatchRecord(long seq, long pid, int first, int last, int subjects) {}

    /** Every resident's registration status at the police source, in id order. */
    private static Map<String, String> registrations() throws SQLException {
        Map<String, String> statuses = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(
                        RealServers.POSTGRES + RealServers.database("police"), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT id_number, registration_status FROM resident ORDER BY id_number")) {
            while (rows.next()) {
                statuses.put(rows.getString(1), rows.getString(2));
            }
        }
        return statuses;
    }

    private static Connection control() throws SQLException {
        return DriverManager.getConnection(RealServers.POSTGRES + CONTROL, "postgres", "");
    }

    private static JobRow jobRow(String id) throws SQLException {
        try (Connection connection = control();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT state, done, lease_owner FROM verification_job WHERE id = ?")) {
            statement.setString(1, id);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                return new JobRow(row.getString(1), row.getInt(2), row.getString(3));
            }
        }
    }

    /** The job's batch records, oldest first: which process wrote each (its pid), its positions and subjects. */
    private static List<BatchRecord> batchRecords(String id) throws SQLException {
        List<BatchRecord> records = new ArrayList<>();
        try (Connection connection = control();
                PreparedStatement statement = connection.prepareStatement("SELECT r.seq, r.instance_id, r.operation,"
                        + " (SELECT count(*) FROM audit_subject_set s JOIN audit_record_subject_set m"
                        + " ON m.set_id = s.set_id WHERE m.seq = r.seq)"
                        + " FROM audit_record r"
                        + " WHERE r.codes LIKE ? AND r.operation LIKE 'job batch:%' ORDER BY r.seq")) {
            statement.setString(1, "%" + JobCodes.of(id) + "%");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Matcher batch = BATCH.matcher(rows.getString(3));
                    assertThat(batch.matches()).as(rows.getString(3)).isTrue();
                    String instance = rows.getString(2);
                    records.add(new BatchRecord(
                            rows.getLong(1),
                            Long.parseLong(instance.substring(0, instance.indexOf('@'))),
                            Integer.parseInt(batch.group(1)),
                            Integer.parseInt(batch.group(2)),
                            rows.getInt(4)));
                }
            }
        }
        return records;
    }

    /**
     * The pid of the process holding the job's lease: the one that wrote the batch records that came while the lease
     * stayed with the same owner (only the lease's holder checks batches, and a turn ends with its batches written).
     */
    private static long holderPid(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String owner = jobRow(id).leaseOwner();
            List<BatchRecord> before = batchRecords(id);
            Thread.sleep(100);
            List<BatchRecord> after = batchRecords(id);
            String ownerAfter = jobRow(id).leaseOwner();
            if (owner != null && owner.equals(ownerAfter) && after.size() > before.size()) {
                List<BatchRecord> meanwhile = after.subList(before.size(), after.size());
                long pid = meanwhile.get(0).pid();
                if (meanwhile.stream().allMatch(record -> record.pid() == pid)) {
                    return pid;
                }
            }
            assertThat(System.nanoTime())
                    .as("the lease of job %s held by one process", id)
                    .isLessThan(deadline);
        }
    }

    private static void awaitDone(String id, int done, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (jobRow(id).done() < done) {
            assertThat(System.nanoTime())
                    .as("job %s reached %d subjects", id, done)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static JsonNode awaitFinished(JobClient client, String id, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            JsonNode progress = client.progress(id);
            if (!progress.get("state").asString().equals("RUNNING")) {
                return progress;
            }
            assertThat(System.nanoTime())
                    .as("job %s still running: %s", id, progress)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
