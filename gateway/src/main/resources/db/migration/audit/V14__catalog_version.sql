-- Catalog versions: every catalog the gateway instances have served, with who made it current and why, and its files
-- as they were accepted, so every instance serves exactly the version a reload recorded. Portable across PostgreSQL
-- and H2; owned by the gateway.
CREATE TABLE catalog_version (
  version     BIGINT        PRIMARY KEY,
  created_at  TIMESTAMP     NOT NULL,
  author      VARCHAR(128)  NOT NULL,
  reason      VARCHAR(1000) NOT NULL,
  digest      VARCHAR(64)   NOT NULL
);

CREATE TABLE catalog_file (
  version   BIGINT         NOT NULL REFERENCES catalog_version (version),
  position  INT            NOT NULL,
  name      VARCHAR(1000)  NOT NULL,
  content   VARCHAR(1000000) NOT NULL,
  PRIMARY KEY (version, position)
);
