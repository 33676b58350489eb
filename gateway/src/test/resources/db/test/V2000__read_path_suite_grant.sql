-- Test only: a consumer that may read every shared field, so the read-path suite can exercise the whole catalog.
-- (MedicalInsurance.balance is NOT_SHARED and is granted to nobody.)
INSERT INTO policy_version (version, created_at, author, reason)
  VALUES (2000, TIMESTAMP '2025-01-01 00:00:00', 'tests', 'read-path suite grant');
INSERT INTO consumer (id, name) VALUES ('read-path-suite', 'read-path test suite');
INSERT INTO purpose (code, name) VALUES ('READ_PATH_TEST', 'read-path tests');
INSERT INTO access_grant (id, consumer_id, purpose_code, valid_from, valid_until, status,
    requests_per_second, mismatches_per_subject_per_day, distinct_subjects_per_day, rows_per_page) VALUES
  ('G-READ-PATH-SUITE', 'read-path-suite', 'READ_PATH_TEST',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 0, 0, 100);
INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-READ-PATH-SUITE', 'Query.resident', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Query.residents', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Query.enterprise', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Resident.idNumber', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Resident.name', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Resident.gender', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Resident.birthDate', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Resident.ethnicity', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Resident.regionCode', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Resident.address', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Resident.pension', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Resident.incomes', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Resident.medicalInsurance', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'PensionAccount.idNumber', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'PensionAccount.status', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'PensionAccount.retired', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'PensionAccount.retirementDate', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'PensionAccount.monthlyAmount', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'PensionAccount.contributionMonths', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'PensionAccount.regionCode', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'IncomeRecord.idNumber', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'IncomeRecord.year', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'IncomeRecord.annualIncome', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'IncomeRecord.taxPaid', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'MedicalInsurance.idNumber', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'MedicalInsurance.plan', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'MedicalInsurance.status', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Enterprise.creditCode', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Enterprise.name', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Enterprise.status', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Enterprise.registeredCapital', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Enterprise.legalRepresentative', 'READ', NULL);
