-- Batch use of a VERIFY grant (issue 17): the most subjects per verification job and per day, and how long a job's
-- results are kept. Zero everywhere: online verification only, which is what every existing grant keeps.
ALTER TABLE access_grant ADD COLUMN batch_subjects_per_job INT DEFAULT 0 NOT NULL;
ALTER TABLE access_grant ADD COLUMN batch_subjects_per_day INT DEFAULT 0 NOT NULL;
ALTER TABLE access_grant ADD COLUMN batch_result_retention_seconds BIGINT DEFAULT 0 NOT NULL;
