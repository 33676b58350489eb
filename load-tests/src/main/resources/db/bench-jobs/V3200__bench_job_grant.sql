-- Benchmark only: the pension fund may also run a job of the whole benchmark population under BENCH_JOB, with a
-- shared claim about the region, and make the same checks online (no rate limit), so both are measured alike.
INSERT INTO purpose (code, name) VALUES ('BENCH_JOB', 'verification job benchmark');
INSERT INTO access_grant (id, consumer_id, purpose_code, valid_from, valid_until, status,
    requests_per_second, mismatches_per_subject_per_day, distinct_subjects_per_day, rows_per_page,
    batch_subjects_per_job, batch_subjects_per_day, batch_result_retention_seconds) VALUES
  ('G-BENCH-JOB', 'pension-fund', 'BENCH_JOB',
    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2099-12-31 00:00:00', 'ACTIVE', 0, 0, 0, 100,
    1000000, 10000000, 86400);
INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-BENCH-JOB', 'Query.verifyResident', 'VERIFY', NULL),
  ('G-BENCH-JOB', 'Resident.regionCode', 'VERIFY', NULL);
-- W1 (one resident by key) for the online latency measured while the job runs.
INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-BENCH-JOB', 'Query.resident', 'READ', NULL),
  ('G-BENCH-JOB', 'Resident.name', 'READ', NULL);
