-- The civil-affairs office's yearly re-check of its minimum living allowance roster (低保复核) as a verification job:
-- for every household member on the roster it asks the tax source whether last year's income was at most the
-- allowance's income line, and only MATCH / MISMATCH / NO_RECORD comes back, never an income. The income claim is
-- bound to that one threshold (AT_MOST 30000), so no income can be bisected; its grant allows batch use: up to 100,000
-- subjects per job and 200,000 per day, results kept for 30 days. Demo profile only.
INSERT INTO consumer (id, name) VALUES ('civil-affairs-allowance', '民政局 civil affairs, minimum living allowance');
INSERT INTO purpose (code, name) VALUES ('MINIMUM_LIVING_ALLOWANCE_REVIEW', '低保复核 minimum living allowance review');
INSERT INTO policy_version (version, created_at, author, reason)
  VALUES (5, TIMESTAMP '2025-01-01 00:00:00', 'demo', 'demo grants: the civil-affairs allowance roster check');
INSERT INTO access_grant (id, consumer_id, purpose_code, valid_from, valid_until, status,
    requests_per_second, mismatches_per_subject_per_day, distinct_subjects_per_day, rows_per_page,
    batch_subjects_per_job, batch_subjects_per_day, batch_result_retention_seconds) VALUES
  ('G-CIVIL-AFFAIRS-ALLOWANCE-1', 'civil-affairs-allowance', 'MINIMUM_LIVING_ALLOWANCE_REVIEW',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 10, 5, 0, 100,
    100000, 200000, 2592000);
INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-CIVIL-AFFAIRS-ALLOWANCE-1', 'Query.verifyResident', 'VERIFY', NULL),
  ('G-CIVIL-AFFAIRS-ALLOWANCE-1', 'Resident.incomes', 'VERIFY', NULL),
  ('G-CIVIL-AFFAIRS-ALLOWANCE-1', 'IncomeRecord.annualIncome', 'VERIFY', NULL);
INSERT INTO grant_claim_binding (grant_id, position, field, comparison, claim_value) VALUES
  ('G-CIVIL-AFFAIRS-ALLOWANCE-1', 1, 'IncomeRecord.annualIncome', 'AT_MOST', '30000');
