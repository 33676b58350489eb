-- Test only: two purposes of the job tests' consumer whose grants allow jobs of every demo resident, each grant its
-- own, so that one test can withdraw its grant mid-job and another cancel a running job without touching the others.
INSERT INTO purpose (code, name) VALUES
  ('BATCH_CANCEL_TEST', 'job tests: a job cancelled while it runs'),
  ('BATCH_WITHDRAW_TEST', 'job tests: a grant withdrawn while its job runs');
INSERT INTO access_grant (id, consumer_id, purpose_code, valid_from, valid_until, status,
    requests_per_second, mismatches_per_subject_per_day, distinct_subjects_per_day, rows_per_page,
    batch_subjects_per_job, batch_subjects_per_day, batch_result_retention_seconds) VALUES
  ('G-BATCH-CANCEL-TEST', 'batch-test', 'BATCH_CANCEL_TEST',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 0, 0, 100, 10000, 100000, 86400),
  ('G-BATCH-WITHDRAW-TEST', 'batch-test', 'BATCH_WITHDRAW_TEST',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 0, 0, 100, 10000, 100000, 86400);
INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-BATCH-CANCEL-TEST', 'Query.verifyResident', 'VERIFY', NULL),
  ('G-BATCH-CANCEL-TEST', 'Resident.regionCode', 'VERIFY', NULL),
  ('G-BATCH-WITHDRAW-TEST', 'Query.verifyResident', 'VERIFY', NULL),
  ('G-BATCH-WITHDRAW-TEST', 'Resident.regionCode', 'VERIFY', NULL);
