-- The subjects of a bulk record (a verification job's batch lists 2,048 of them) are stored as a set of their own,
-- before the record is chained: the audit writer, which every request's record goes through, then writes one
-- small row for the batch instead of inserting thousands of subject rows while requests' records wait behind it.
-- A record names its set in subject_set; its hash covers the set's subjects as it always covered its subjects. A set
-- that no record names (the record was never written) is on nobody's access log and in no chain check.
CREATE SEQUENCE audit_subject_set_id;

CREATE TABLE audit_subject_set (
  subject  VARCHAR(64) NOT NULL,
  set_id   BIGINT      NOT NULL,
  PRIMARY KEY (subject, set_id)
);
CREATE INDEX audit_subject_set_id_idx ON audit_subject_set (set_id);

ALTER TABLE audit_record ADD COLUMN subject_set BIGINT;
CREATE INDEX audit_record_subject_set_idx ON audit_record (subject_set);
