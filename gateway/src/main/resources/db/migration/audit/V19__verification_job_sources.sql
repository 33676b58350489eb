-- The sources a verification job's statements go to (issue 17): the verified type's, then each source of a related
-- record its shared claims are about, in that order; and the source its pending subjects wait for, when one is
-- unavailable. Progress per source, the admin API's view of a steward's jobs and the pending reason read them.
-- A job submitted before this migration has no rows here: its type's source is its only one.
CREATE TABLE verification_job_source (
  job_id     VARCHAR(36)  NOT NULL REFERENCES verification_job (id),
  ordinal    INT          NOT NULL,
  source     VARCHAR(64)  NOT NULL,
  PRIMARY KEY (job_id, ordinal)
);
CREATE INDEX verification_job_source_source ON verification_job_source (source, job_id);

ALTER TABLE verification_job ADD COLUMN waiting_source VARCHAR(64);
