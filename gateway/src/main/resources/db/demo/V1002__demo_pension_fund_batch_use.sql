-- The pension fund's monthly eligibility check (养老金领取资格认证) as a verification job instead of a copy of the
-- police's residents: it verifies its pensioners' names and birth dates at the police source in sets, and only the
-- outcomes come back. Its grant allows batch use: up to 1,000,000 subjects per job and 2,000,000 per day, results
-- kept for 30 days. Demo profile only.
INSERT INTO consumer (id, name) VALUES ('pension-fund', '社会保险基金 pension fund');
INSERT INTO purpose (code, name) VALUES ('PENSION_ELIGIBILITY_CHECK', '养老金领取资格认证 monthly eligibility check');
INSERT INTO policy_version (version, created_at, author, reason)
  VALUES (3, TIMESTAMP '2025-01-01 00:00:00', 'demo', 'demo grants: the pension fund''s batch verification');
INSERT INTO access_grant (id, consumer_id, purpose_code, valid_from, valid_until, status,
    requests_per_second, mismatches_per_subject_per_day, distinct_subjects_per_day, rows_per_page,
    batch_subjects_per_job, batch_subjects_per_day, batch_result_retention_seconds) VALUES
  ('G-PENSION-FUND-1', 'pension-fund', 'PENSION_ELIGIBILITY_CHECK',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 10, 5, 0, 100,
    1000000, 2000000, 2592000);
INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-PENSION-FUND-1', 'Query.verifyResident', 'VERIFY', NULL),
  ('G-PENSION-FUND-1', 'Resident.name', 'VERIFY', NULL),
  ('G-PENSION-FUND-1', 'Resident.birthDate', 'VERIFY', NULL);
