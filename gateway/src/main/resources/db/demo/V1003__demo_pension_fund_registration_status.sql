-- The pension fund's monthly check is whether each pensioner is still alive (养老金领取资格认证): it verifies the
-- police's registration status (claim {registrationStatus: ALIVE}), a DECEASED or EMIGRATED registration is a
-- MISMATCH, and the date of a registered death never leaves the source. Demo profile only.
INSERT INTO policy_version (version, created_at, author, reason)
  VALUES (4, TIMESTAMP '2025-01-01 00:00:00', 'demo', 'demo grants: the pension fund verifies registration status');
INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-PENSION-FUND-1', 'Resident.registrationStatus', 'VERIFY', NULL);
