package db.migration.audit;

import java.util.List;

/**
 * Finds a bulk record's subjects through a hash index on PostgreSQL instead of a B-tree primary key on (subject,
 * set). Subject digests are random, so each of a job batch's 2,048 subject rows went into a random leaf of the B-tree:
 * measured with pg_stat_statements through the verification job benchmark, storing the sets took 20.6 s of the
 * database's time for a million subjects, as much as the job's statements at the source (22.3 s). Inserting 204,800
 * random digests into 1.2 million took 2.7–3.9 s with the B-tree and 1.2 s with a hash index (0.6 s with neither, of
 * which 0.46 s making the digests). Both lookups stay indexed: a subject's access log asks by subject (equality, which
 * the hash index answers) and the chain check by set. Nothing needs the key's uniqueness: the writer stores a record's
 * subjects sorted and distinct, and the chain check hashes what it reads, so a row added twice breaks the chain.
 *
 * <p>On an existing trail the index is built over every stored set's subjects, which takes time in proportion to
 * their number. A Java migration because H2 (the demo's control plane) has no hash index; there it changes nothing.
 */
public final class V23__Audit_subject_set_hash_index extends PostgresOnlyMigration {
    @Override
    List<String> statements() {
        return List.of(
                "CREATE INDEX audit_subject_set_subject_idx ON audit_subject_set USING hash (subject)",
                "ALTER TABLE audit_subject_set DROP CONSTRAINT audit_subject_set_pkey");
    }
}
