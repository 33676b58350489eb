-- Control plane: consumers, purposes and grants. Portable across PostgreSQL and H2.
CREATE TABLE policy_version (
  version     BIGINT        PRIMARY KEY,
  created_at  TIMESTAMP     NOT NULL,
  author      VARCHAR(128)  NOT NULL,
  reason      VARCHAR(1000) NOT NULL
);

CREATE TABLE consumer (
  id    VARCHAR(64)  PRIMARY KEY,
  name  VARCHAR(200) NOT NULL
);

CREATE TABLE purpose (
  code  VARCHAR(64)  PRIMARY KEY,
  name  VARCHAR(200) NOT NULL
);

CREATE TABLE access_grant (
  id                              VARCHAR(64) PRIMARY KEY,
  consumer_id                     VARCHAR(64) NOT NULL REFERENCES consumer (id),
  purpose_code                    VARCHAR(64) NOT NULL REFERENCES purpose (code),
  valid_from                      TIMESTAMP   NOT NULL,
  valid_until                     TIMESTAMP   NOT NULL,
  status                          VARCHAR(16) NOT NULL,
  requests_per_second             INT         NOT NULL,
  mismatches_per_subject_per_day  INT         NOT NULL,
  distinct_subjects_per_day       INT         NOT NULL,
  rows_per_page                   INT         NOT NULL
);
CREATE INDEX access_grant_consumer_idx ON access_grant (consumer_id);

CREATE TABLE grant_field (
  grant_id  VARCHAR(64)  NOT NULL REFERENCES access_grant (id),
  field     VARCHAR(200) NOT NULL,
  access    VARCHAR(8)   NOT NULL,
  mask      VARCHAR(32),
  PRIMARY KEY (grant_id, field)
);

CREATE TABLE grant_row_filter (
  grant_id  VARCHAR(64)  NOT NULL REFERENCES access_grant (id),
  position  INT          NOT NULL,
  field     VARCHAR(200) NOT NULL,
  operator  VARCHAR(16)  NOT NULL,
  filter_value VARCHAR(200) NOT NULL,
  PRIMARY KEY (grant_id, position)
);
