-- Test only. Verification needs its own root grant: the quota tests' guessing purpose gets verifyResident. And the
-- consumers of the hostile-input tests (org.govshare.gateway.hostile), one per class of attack so that their budgets
-- do not meet:
--   range-prober       VERIFY incomes without a binding, through both paths (verifyResident, verifyIncomeRecord)
--   claim-guesser      VERIFY a resident's name, gender and birth date, 5 guesses per subject and day
--   subject-collector  READ residents by page and by key, 5 distinct subjects a day
--   key-guesser        READ residents by key, 4 lookups that find nothing a day
--   two-sources        READ residents of 4419 (police) and VERIFY pensions (hrss): what a steward may explain of it
INSERT INTO policy_version (version, created_at, author, reason)
  VALUES (2002, TIMESTAMP '2025-01-01 00:00:00', 'tests', 'verification roots and hostile-input grants');

INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-QUOTA-GUESSES-ROWS', 'Query.verifyResident', 'VERIFY', NULL);

INSERT INTO consumer (id, name) VALUES
  ('range-prober', 'hostile-input tests: range claims'),
  ('claim-guesser', 'hostile-input tests: many claims at once'),
  ('subject-collector', 'hostile-input tests: distinct subjects'),
  ('key-guesser', 'hostile-input tests: lookups by key'),
  ('two-sources', 'hostile-input tests: a grant over two sources');
INSERT INTO purpose (code, name) VALUES
  ('RANGE_PROBE', 'hostile-input tests: range claims'),
  ('CLAIM_GUESS', 'hostile-input tests: many claims at once'),
  ('SUBJECT_COLLECTION', 'hostile-input tests: distinct subjects'),
  ('KEY_GUESS', 'hostile-input tests: lookups by key'),
  ('TWO_SOURCES', 'hostile-input tests: a grant over two sources');

INSERT INTO access_grant (id, consumer_id, purpose_code, valid_from, valid_until, status,
    requests_per_second, mismatches_per_subject_per_day, distinct_subjects_per_day, rows_per_page) VALUES
  ('G-RANGE-PROBER', 'range-prober', 'RANGE_PROBE',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 6, 0, 100),
  ('G-CLAIM-GUESSER', 'claim-guesser', 'CLAIM_GUESS',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 5, 0, 100),
  ('G-SUBJECT-COLLECTOR', 'subject-collector', 'SUBJECT_COLLECTION',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 0, 5, 100),
  ('G-TWO-SOURCES', 'two-sources', 'TWO_SOURCES',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 0, 0, 100);
INSERT INTO access_grant (id, consumer_id, purpose_code, valid_from, valid_until, status,
    requests_per_second, mismatches_per_subject_per_day, distinct_subjects_per_day, rows_per_page,
    lookup_misses_per_day) VALUES
  ('G-KEY-GUESSER', 'key-guesser', 'KEY_GUESS',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 0, 0, 100, 4);

INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-RANGE-PROBER', 'Query.verifyResident', 'VERIFY', NULL),
  ('G-RANGE-PROBER', 'Query.verifyIncomeRecord', 'VERIFY', NULL),
  ('G-RANGE-PROBER', 'Resident.incomes', 'VERIFY', NULL),
  ('G-RANGE-PROBER', 'IncomeRecord.annualIncome', 'VERIFY', NULL),
  ('G-CLAIM-GUESSER', 'Query.verifyResident', 'VERIFY', NULL),
  ('G-CLAIM-GUESSER', 'Resident.name', 'VERIFY', NULL),
  ('G-CLAIM-GUESSER', 'Resident.gender', 'VERIFY', NULL),
  ('G-CLAIM-GUESSER', 'Resident.birthDate', 'VERIFY', NULL),
  ('G-SUBJECT-COLLECTOR', 'Query.resident', 'READ', NULL),
  ('G-SUBJECT-COLLECTOR', 'Query.residents', 'READ', NULL),
  ('G-SUBJECT-COLLECTOR', 'Resident.name', 'READ', NULL),
  ('G-KEY-GUESSER', 'Query.resident', 'READ', NULL),
  ('G-KEY-GUESSER', 'Resident.name', 'READ', NULL),
  ('G-TWO-SOURCES', 'Query.resident', 'READ', NULL),
  ('G-TWO-SOURCES', 'Resident.name', 'READ', NULL),
  ('G-TWO-SOURCES', 'Query.verifyPensionAccount', 'VERIFY', NULL),
  ('G-TWO-SOURCES', 'PensionAccount.retired', 'VERIFY', NULL);

INSERT INTO grant_row_filter (grant_id, position, field, operator, filter_value) VALUES
  ('G-TWO-SOURCES', 1, 'Resident.regionCode', 'STARTS_WITH', '4419');
