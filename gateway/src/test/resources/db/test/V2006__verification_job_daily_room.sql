-- Test only: the job tests together submit more than a hundred subjects a day for batch-test (the guessing tests
-- name subjects many times over); the per-job limit, which a test reaches, stays 40.
UPDATE access_grant SET batch_subjects_per_day = 200 WHERE id = 'G-BATCH-CHECK';
