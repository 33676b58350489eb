-- Test only: a consumer whose VERIFY grant allows batch use with small limits (so that the job tests reach them
-- quickly), with a low mismatch limit, and a purpose whose grant allows no batch use.
INSERT INTO consumer (id, name) VALUES ('batch-test', 'verification job tests');
INSERT INTO purpose (code, name) VALUES
  ('BATCH_CHECK', 'job tests: batch verification allowed'),
  ('BATCH_NOT_ALLOWED', 'job tests: online verification only');
INSERT INTO access_grant (id, consumer_id, purpose_code, valid_from, valid_until, status,
    requests_per_second, mismatches_per_subject_per_day, distinct_subjects_per_day, rows_per_page,
    batch_subjects_per_job, batch_subjects_per_day, batch_result_retention_seconds) VALUES
  ('G-BATCH-CHECK', 'batch-test', 'BATCH_CHECK',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 2, 0, 100, 40, 100, 86400),
  ('G-BATCH-NOT-ALLOWED', 'batch-test', 'BATCH_NOT_ALLOWED',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 0, 0, 100, 0, 0, 0);
INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-BATCH-CHECK', 'Query.verifyResident', 'VERIFY', NULL),
  ('G-BATCH-CHECK', 'Resident.name', 'VERIFY', NULL),
  ('G-BATCH-CHECK', 'Resident.regionCode', 'VERIFY', NULL),
  ('G-BATCH-NOT-ALLOWED', 'Query.verifyResident', 'VERIFY', NULL),
  ('G-BATCH-NOT-ALLOWED', 'Resident.regionCode', 'VERIFY', NULL);
