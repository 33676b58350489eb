-- Test only: the read-path suite's consumer may read every shared field, the police's registration status and death
-- registration date included.
INSERT INTO grant_field (grant_id, field, access, mask) VALUES
  ('G-READ-PATH-SUITE', 'Resident.registrationStatus', 'READ', NULL),
  ('G-READ-PATH-SUITE', 'Resident.deathRegisteredOn', 'READ', NULL);
