package org.govshare.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job store on H2 (the demo's control plane; {@link JobStorePostgresIT} runs the same cases on PostgreSQL): an
 * upload written a row per chunk of subjects, batches read as position ranges across chunks, a batch's outcomes
 * written once with the job's mark, and a stopped job having no batch left to read.
 */
class JobStoreTest {
    private final Instant now = Instant.parse("2026-12-06T03:00:00Z").truncatedTo(ChronoUnit.SECONDS);
    private JobStore store;

    @BeforeEach
    void schema() throws SQLException {
        DataSource controlPlane = controlPlane();
        // The control plane's migrations as the gateway runs them (the job tables are among the audit ones).
        Flyway.configure()
                .dataSource(controlPlane)
                .locations("classpath:db/migration/policy", "classpath:db/migration/audit")
                .load()
                .migrate();
        store = new JobStore(controlPlane);
    }

    /** An empty control plane for each test. */
    DataSource controlPlane() throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:job-store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    private Job job(String id, int total) {
        return new Job(
                id,
                "consumer",
                "PURPOSE",
                null,
                null,
                "Resident",
                "{}",
                false,
                Job.State.RUNNING,
                total,
                0,
                null,
                now,
                null,
                now.plus(Duration.ofDays(1)));
    }

    private String uploaded(int subjects) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (JobStore.Upload upload = store.upload(id, job(id, 0))) {
            for (int i = 0; i < subjects; i++) {
                upload.add("key-" + i, i % 3 == 0 ? "{\"n\":" + i + "}" : null);
            }
            assertThat(upload.count()).isEqualTo(subjects);
            upload.commit(job(id, subjects), List.of("police", "tax"));
        }
        return id;
    }

    @Test
    void anUploadKeepsEverySubjectInOrderAcrossItsChunks() throws SQLException {
        String id = uploaded(2_345);

        List<JobSubject> all = store.subjects(id, 0, 10_000);
        assertThat(all).hasSize(2_345);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).position()).isEqualTo(i);
            assertThat(all.get(i).key()).isEqualTo("key-" + i);
            assertThat(all.get(i).claims()).isEqualTo(i % 3 == 0 ? "{\"n\":" + i + "}" : null);
            assertThat(all.get(i).outcome()).isNull();
        }
        assertThat(store.job(id).orElseThrow().total()).isEqualTo(2_345);
    }

    @Test
    void keysAndClaimsComeBackAsUploadedWhateverTheirCharacters() throws SQLException {
        List<String> claims = List.of(
                "{\"name\":\"张秀英\"}",
                "{\"name\":\"tab\\there\"}",
                "back\\slash \\N and a raw\ttab, a raw\nnewline and a raw\rreturn",
                "\\.");
        String id = UUID.randomUUID().toString();
        try (JobStore.Upload upload = store.upload(id, job(id, 0))) {
            for (int i = 0; i < claims.size(); i++) {
                upload.add("key\\" + i + "\t", claims.get(i));
            }
            upload.commit(job(id, claims.size()), List.of("police"));
        }

        List<JobSubject> all = store.subjects(id, 0, 10);
        assertThat(all).extracting(JobSubject::claims).containsExactlyElementsOf(claims);
        assertThat(all).extracting(JobSubject::key).containsExactly("key\\0\t", "key\\1\t", "key\\2\t", "key\\3\t");
    }

    @Test
    void aJobsSourcesAreKeptInOrderAndTheSourceItWaitsForIsNamedUntilABatchIsKept() throws SQLException {
        String id = uploaded(10);
        assertThat(store.sources(List.of(id)).get(id)).isEqualTo(new JobStore.Sources(List.of("police", "tax"), null));

        store.pendingReason(id, "source tax unavailable; its subjects are pending", "tax");
        assertThat(store.sources(List.of(id)).get(id).waiting()).isEqualTo("tax");
        assertThat(store.job(id).orElseThrow().pendingReason())
                .isEqualTo("source tax unavailable; its subjects are pending");

        Instant now = Instant.now();
        assertThat(store.lease(id, "me", now, now.plusSeconds(60))).isTrue();
        List<JobSubject> batch = store.pendingWhileRunning(id, 0, 4).stream()
                .map(subject -> new JobSubject(subject.position(), subject.key(), subject.claims(), "MATCH", ""))
                .toList();
        assertThat(store.complete(id, "me", 0, batch, now.plusSeconds(60), now, null))
                .isTrue();
        assertThat(store.sources(List.of(id)).get(id).waiting()).isNull();
        assertThat(store.job(id).orElseThrow().pendingReason()).isNull();
    }

    @Test
    void aListingForSomeSourcesShowsTheJobsThatTouchAnyOfThem() throws SQLException {
        String id = uploaded(3);
        assertThat(store.listed(new JobStore.Listing(null, Set.of(), Set.of("tax"), Set.of(), null), 10))
                .extracting(Job::id)
                .containsExactly(id);
        assertThat(store.listed(new JobStore.Listing(null, Set.of(), Set.of("hrss"), Set.of("Resident"), null), 10))
                .isEmpty();
        assertThat(store.listed(new JobStore.Listing(null, Set.of(), null, Set.of(), null), 10))
                .extracting(Job::id)
                .containsExactly(id);
    }

    @Test
    void anUploadClosedWithoutCommitLeavesNothing() throws SQLException {
        String id = UUID.randomUUID().toString();
        try (JobStore.Upload upload = store.upload(id, job(id, 0))) {
            for (int i = 0; i < 1_500; i++) {
                upload.add("key-" + i, null);
            }
        }
        assertThat(store.job(id)).isEmpty();
        assertThat(store.subjects(id, 0, 10_000)).isEmpty();
    }

    @Test
    void aBatchIsReadAsItsRangeAndItsOutcomesAreWrittenOnceWithTheMark() throws SQLException {
        String id = uploaded(1_200);
        assertThat(store.lease(id, "me", now, now.plusSeconds(30))).isTrue();

        List<JobSubject> batch = store.pendingWhileRunning(id, 512, 512);
        assertThat(batch).extracting(JobSubject::position).first().isEqualTo(512);
        assertThat(batch).extracting(JobSubject::position).last().isEqualTo(1_023);
        assertThat(store.pendingWhileRunning(id, 1_100, 512)).hasSize(100);

        List<JobSubject> first = store.pendingWhileRunning(id, 0, 512);
        List<JobSubject> checked = new ArrayList<>();
        for (JobSubject subject : first) {
            String outcome = subject.position() % 2 == 0 ? "MATCH" : "MISMATCH";
            checked.add(new JobSubject(
                    subject.position(), subject.key(), subject.claims(), outcome, "regionCode=" + outcome));
        }
        assertThat(store.complete(id, "me", 0, checked, now.plusSeconds(30), now, null))
                .isTrue();
        assertThat(store.job(id).orElseThrow().done()).isEqualTo(512);
        List<JobSubject> written = store.subjects(id, 0, 513);
        assertThat(written.subList(0, 512)).isEqualTo(checked);
        assertThat(written.get(512).outcome())
                .as("the next batch is still pending")
                .isNull();

        // The same batch again (an instance that lost its lease, or a late write) is refused: written once.
        assertThat(store.complete(id, "me", 0, checked, now.plusSeconds(30), now, null))
                .isFalse();
        assertThat(store.complete(id, "another", 512, checked, now.plusSeconds(30), now, null))
                .isFalse();
    }

    @Test
    void aStoppedJobHasNoBatchLeftToRead() throws SQLException {
        String id = uploaded(100);
        assertThat(store.pendingWhileRunning(id, 0, 512)).hasSize(100);

        assertThat(store.stop(id, Job.State.CANCELLED, "cancelled", now, now.plus(Duration.ofDays(1))))
                .isTrue();

        assertThat(store.pendingWhileRunning(id, 0, 512)).isEmpty();
        assertThat(store.subjects(id, 0, 512))
                .as("its subjects stay for its results")
                .hasSize(100);
    }
}
