-- Benchmark only (load-tests/side-by-side.sh adds this location to the gateway's Flyway locations; the control plane
-- is the benchmark's own database, re-created on every run).
--
-- 1. The cross-source workload (W2) and the cold shapes (W6) read resident, pension and income fields together. No
--    demo grant allows that (the pension window may only VERIFY incomes), and the demo issuer signs tokens for the
--    demo clients only. So the demo client dongguan-window gets a second grant, under a benchmark purpose of its own,
--    that READs every shared resident, pension, income and medical field; requests declare
--    X-Purpose: BENCHMARK_CROSS_SOURCE. Its other grant (PENSION_EXTENSION) is unchanged.
-- 2. The demo grant of bank-kyc limits it to 100 requests/s. The verification workload (W3) measures the gateway's
--    capacity, so that rate quota is lifted here; the 5-mismatches-per-subject guard stays (W3 sends true claims only).
INSERT INTO policy_version (version, created_at, author, reason)
  VALUES (3000, TIMESTAMP '2025-01-01 00:00:00', 'load-tests', 'side-by-side benchmark grant');
INSERT INTO purpose (code, name) VALUES ('BENCHMARK_CROSS_SOURCE', 'side-by-side benchmark, cross-source reads');
INSERT INTO access_grant (id, consumer_id, purpose_code, valid_from, valid_until, status,
    requests_per_second, mismatches_per_subject_per_day, distinct_subjects_per_day, rows_per_page) VALUES
  ('G-BENCH-CROSS-SOURCE', 'dongguan-window', 'BENCHMARK_CROSS_SOURCE',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 0, 0, 100);
INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-BENCH-CROSS-SOURCE', 'Query.resident', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'Query.residents', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'Resident.idNumber', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'Resident.name', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'Resident.gender', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'Resident.birthDate', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'Resident.ethnicity', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'Resident.regionCode', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'Resident.address', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'Resident.pension', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'Resident.incomes', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'Resident.medicalInsurance', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'PensionAccount.idNumber', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'PensionAccount.status', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'PensionAccount.retired', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'PensionAccount.retirementDate', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'PensionAccount.monthlyAmount', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'PensionAccount.contributionMonths', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'PensionAccount.regionCode', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'IncomeRecord.idNumber', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'IncomeRecord.year', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'IncomeRecord.annualIncome', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'IncomeRecord.taxPaid', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'MedicalInsurance.idNumber', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'MedicalInsurance.plan', 'READ', NULL),
  ('G-BENCH-CROSS-SOURCE', 'MedicalInsurance.status', 'READ', NULL);
UPDATE access_grant SET requests_per_second = 0 WHERE id = 'G-BANK-KYC-1';
