package db.migration.audit;

import java.util.List;

/**
 * Leaves half of each page of a job's subjects free on PostgreSQL, so that writing a batch's outcomes updates each row
 * in its own page (a HOT update: no new entry in the key's index for each of the batch's rows): measured on a million
 * subjects, a batch of 2,048 outcomes took 8.2 ms instead of 14.8, with four in five updates HOT instead of one in a
 * hundred. The table takes twice the space while a job's results are kept. A Java migration because H2 (the demo's
 * control plane) has no fillfactor; there it changes nothing.
 */
public final class V20__Verification_job_subject_fillfactor extends PostgresOnlyMigration {
    @Override
    List<String> statements() {
        return List.of("ALTER TABLE verification_job_subject SET (fillfactor = 50)");
    }
}
