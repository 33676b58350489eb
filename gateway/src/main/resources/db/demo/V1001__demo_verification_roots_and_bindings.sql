-- Verification needs its own root grant (Query.verifyT): it is never inferred from grants of the fields it claims
-- about, so the demo clients that verify hold theirs explicitly. The pension window's income claim is bound to the one
-- question its purpose asks (income at most 50,000): no other threshold can be claimed, so no income is bisected.
-- Demo profile only.
INSERT INTO policy_version (version, created_at, author, reason)
  VALUES (2, TIMESTAMP '2025-01-01 00:00:00', 'demo', 'demo grants: verification roots and the bound income claim');

INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-DONGGUAN-WINDOW-1', 'Query.verifyResident', 'VERIFY', NULL),
  ('G-BANK-KYC-1', 'Query.verifyResident', 'VERIFY', NULL),
  ('G-STREET-OFFICE-441900-1', 'Query.verifyResident', 'VERIFY', NULL),
  ('G-TAX-BUREAU-1', 'Query.verifyEnterprise', 'VERIFY', NULL);

INSERT INTO grant_claim_binding (grant_id, position, field, comparison, claim_value) VALUES
  ('G-DONGGUAN-WINDOW-1', 1, 'IncomeRecord.annualIncome', 'AT_MOST', '50000');
