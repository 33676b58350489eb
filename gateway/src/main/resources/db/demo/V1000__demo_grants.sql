-- The demo clients and their grants (DESIGN.md, "Demo clients"). Demo profile only.
INSERT INTO policy_version (version, created_at, author, reason)
  VALUES (1, TIMESTAMP '2025-01-01 00:00:00', 'demo', 'demo grants');

INSERT INTO consumer (id, name) VALUES
  ('dongguan-window', '东莞市社保服务窗口'),
  ('bank-kyc', '银行开户身份核验'),
  ('street-office-441900', '东莞市街道办事处（回流）'),
  ('tax-bureau', '税务局'),
  ('no-grant-app', '未获授权应用'),
  ('authority-admin', '数据共享主管部门'),
  ('hrss-steward', '人社部门数据管理员');

INSERT INTO purpose (code, name) VALUES
  ('PENSION_EXTENSION', '社保延缴'),
  ('ACCOUNT_OPENING_KYC', '开户身份核验'),
  ('GRASSROOTS_RETURN', '基层数据回流'),
  ('TAX_RECONCILIATION', '税务对账');

INSERT INTO access_grant (id, consumer_id, purpose_code, valid_from, valid_until, status,
    requests_per_second, mismatches_per_subject_per_day, distinct_subjects_per_day, rows_per_page) VALUES
  ('G-DONGGUAN-WINDOW-1', 'dongguan-window', 'PENSION_EXTENSION',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 0, 0, 100),
  ('G-BANK-KYC-1', 'bank-kyc', 'ACCOUNT_OPENING_KYC',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 100, 5, 0, 100),
  ('G-STREET-OFFICE-441900-1', 'street-office-441900', 'GRASSROOTS_RETURN',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 0, 2000, 100),
  ('G-TAX-BUREAU-1', 'tax-bureau', 'TAX_RECONCILIATION',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 0, 0, 100);

INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-DONGGUAN-WINDOW-1', 'Query.resident', 'READ', NULL),
  ('G-DONGGUAN-WINDOW-1', 'Resident.idNumber', 'READ', NULL),
  ('G-DONGGUAN-WINDOW-1', 'Resident.name', 'READ', NULL),
  ('G-DONGGUAN-WINDOW-1', 'Resident.birthDate', 'READ', NULL),
  ('G-DONGGUAN-WINDOW-1', 'Resident.regionCode', 'READ', NULL),
  ('G-DONGGUAN-WINDOW-1', 'Resident.pension', 'READ', NULL),
  ('G-DONGGUAN-WINDOW-1', 'PensionAccount.status', 'READ', NULL),
  ('G-DONGGUAN-WINDOW-1', 'PensionAccount.retired', 'READ', NULL),
  ('G-DONGGUAN-WINDOW-1', 'PensionAccount.contributionMonths', 'READ', NULL),
  ('G-DONGGUAN-WINDOW-1', 'Resident.incomes', 'VERIFY', NULL),
  ('G-DONGGUAN-WINDOW-1', 'IncomeRecord.annualIncome', 'VERIFY', NULL),
  ('G-BANK-KYC-1', 'Resident.name', 'VERIFY', NULL),
  ('G-BANK-KYC-1', 'Resident.birthDate', 'VERIFY', NULL),
  ('G-STREET-OFFICE-441900-1', 'Query.resident', 'READ', NULL),
  ('G-STREET-OFFICE-441900-1', 'Query.residents', 'READ', NULL),
  ('G-STREET-OFFICE-441900-1', 'Resident.idNumber', 'READ', 'ID_NUMBER'),
  ('G-STREET-OFFICE-441900-1', 'Resident.name', 'READ', NULL),
  ('G-STREET-OFFICE-441900-1', 'Resident.gender', 'READ', NULL),
  ('G-STREET-OFFICE-441900-1', 'Resident.regionCode', 'READ', NULL),
  ('G-STREET-OFFICE-441900-1', 'Resident.address', 'READ', 'ADDRESS_TO_DISTRICT'),
  ('G-TAX-BUREAU-1', 'Query.enterprise', 'READ', NULL),
  ('G-TAX-BUREAU-1', 'Enterprise.creditCode', 'READ', NULL),
  ('G-TAX-BUREAU-1', 'Enterprise.name', 'READ', NULL),
  ('G-TAX-BUREAU-1', 'Enterprise.status', 'READ', NULL),
  ('G-TAX-BUREAU-1', 'Enterprise.registeredCapital', 'READ', NULL),
  ('G-TAX-BUREAU-1', 'Enterprise.legalRepresentative', 'READ', NULL),
  ('G-TAX-BUREAU-1', 'Resident.name', 'READ', NULL);

INSERT INTO grant_row_filter (grant_id, position, field, operator, filter_value) VALUES
  ('G-STREET-OFFICE-441900-1', 1, 'Resident.regionCode', 'STARTS_WITH', '4419');
