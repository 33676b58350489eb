-- Test only: a consumer with small quotas, one purpose per kind of limit so that the quota tests can reach each one
-- quickly without touching the others.
INSERT INTO consumer (id, name) VALUES ('quota-test', 'quota test suite');
INSERT INTO purpose (code, name) VALUES
  ('QUOTA_RATE', 'quota tests: requests per second'),
  ('QUOTA_SUBJECTS', 'quota tests: distinct subjects per day'),
  ('QUOTA_GUESSES_ROWS', 'quota tests: verification mismatches and rows per page');
INSERT INTO access_grant (id, consumer_id, purpose_code, valid_from, valid_until, status,
    requests_per_second, mismatches_per_subject_per_day, distinct_subjects_per_day, rows_per_page) VALUES
  ('G-QUOTA-RATE', 'quota-test', 'QUOTA_RATE',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 5, 0, 0, 100),
  ('G-QUOTA-SUBJECTS', 'quota-test', 'QUOTA_SUBJECTS',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 0, 3, 100),
  ('G-QUOTA-GUESSES-ROWS', 'quota-test', 'QUOTA_GUESSES_ROWS',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 2, 0, 2);
INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-QUOTA-RATE', 'Query.resident', 'READ', NULL),
  ('G-QUOTA-RATE', 'Resident.name', 'READ', NULL),
  ('G-QUOTA-SUBJECTS', 'Query.resident', 'READ', NULL),
  ('G-QUOTA-SUBJECTS', 'Resident.name', 'READ', NULL),
  ('G-QUOTA-GUESSES-ROWS', 'Query.resident', 'READ', NULL),
  ('G-QUOTA-GUESSES-ROWS', 'Query.residents', 'READ', NULL),
  ('G-QUOTA-GUESSES-ROWS', 'Resident.name', 'READ', NULL),
  ('G-QUOTA-GUESSES-ROWS', 'Resident.incomes', 'READ', NULL),
  ('G-QUOTA-GUESSES-ROWS', 'IncomeRecord.year', 'READ', NULL);
