-- The subjects of a bulk record (a verification job's batch lists 2,048 of them) are stored as a set of their own,
-- before the record is chained: the audit writer, which every request's record goes through, then writes one
-- small row for the batch instead of inserting thousands of subject rows while requests' records wait behind it.
-- audit_record_subject_set names a bulk record's set, written in the record's own transaction; the record's hash
-- covers the set's subjects as it always covered its subjects. A set that no record names (its record was never
-- written) is on nobody's access log and in no chain check. Only new tables: nothing here rewrites or indexes the
-- existing trail, so the upgrade takes no time however long the trail is.
CREATE SEQUENCE audit_subject_set_id;

CREATE TABLE audit_subject_set (
  subject  VARCHAR(64) NOT NULL,
  set_id   BIGINT      NOT NULL,
  PRIMARY KEY (subject, set_id)
);
CREATE INDEX audit_subject_set_id_idx ON audit_subject_set (set_id);

CREATE TABLE audit_record_subject_set (
  seq     BIGINT NOT NULL PRIMARY KEY,
  set_id  BIGINT NOT NULL UNIQUE
);
