-- Benchmark only: one consumer whose grant has every quota on (limits too high to refuse, so each request does the
-- full quota work) and one whose grant has none; both read the same three fields.
INSERT INTO consumer (id, name) VALUES ('bench-quotas', 'audit/quota benchmark, quotas on'),
  ('bench-free', 'audit/quota benchmark, quotas off');
INSERT INTO purpose (code, name) VALUES ('BENCHMARK', 'benchmarks');
INSERT INTO access_grant (id, consumer_id, purpose_code, valid_from, valid_until, status,
    requests_per_second, mismatches_per_subject_per_day, distinct_subjects_per_day, rows_per_page) VALUES
  ('G-BENCH-QUOTAS', 'bench-quotas', 'BENCHMARK',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 1000000, 1000, 2000000000, 100),
  ('G-BENCH-FREE', 'bench-free', 'BENCHMARK',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 0, 0, 100);
INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-BENCH-QUOTAS', 'Query.resident', 'READ', NULL),
  ('G-BENCH-QUOTAS', 'Resident.name', 'READ', NULL),
  ('G-BENCH-QUOTAS', 'Resident.birthDate', 'READ', NULL),
  ('G-BENCH-QUOTAS', 'Resident.regionCode', 'READ', NULL),
  ('G-BENCH-FREE', 'Query.resident', 'READ', NULL),
  ('G-BENCH-FREE', 'Resident.name', 'READ', NULL),
  ('G-BENCH-FREE', 'Resident.birthDate', 'READ', NULL),
  ('G-BENCH-FREE', 'Resident.regionCode', 'READ', NULL);
