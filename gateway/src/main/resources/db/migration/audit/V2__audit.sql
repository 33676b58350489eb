-- Audit trail (谁使用谁负责): one record per operation, allowed or refused, chained by a keyed hash so that an edited,
-- deleted or reordered record is found. Subjects are stored as keyed HMACs: the trail holds no ID numbers, yet can be
-- searched by subject. Portable across PostgreSQL and H2; the gateway owns these tables (versions interleave with
-- the policy migrations in one history).
CREATE TABLE audit_record (
  seq             BIGINT          PRIMARY KEY,
  at              TIMESTAMP       NOT NULL,
  instance_id     VARCHAR(64)     NOT NULL,
  consumer_id     VARCHAR(64)     NOT NULL,
  purpose_code    VARCHAR(64),
  case_id         VARCHAR(128),
  operator_id     VARCHAR(128),
  operation_hash  VARCHAR(64)     NOT NULL,
  operation       VARCHAR(100000) NOT NULL,
  fields          VARCHAR(20000)  NOT NULL,
  source_rows     VARCHAR(2000)   NOT NULL,
  outcome         VARCHAR(8)      NOT NULL,
  codes           VARCHAR(2000)   NOT NULL,
  latency_micros  BIGINT          NOT NULL,
  prev_hash       VARCHAR(64)     NOT NULL,
  hash            VARCHAR(64)     NOT NULL
);
CREATE INDEX audit_record_at_idx ON audit_record (at);
CREATE INDEX audit_record_consumer_idx ON audit_record (consumer_id, at);

CREATE TABLE audit_subject (
  subject  VARCHAR(64) NOT NULL,
  seq      BIGINT      NOT NULL,
  PRIMARY KEY (subject, seq)
);
CREATE INDEX audit_subject_seq_idx ON audit_subject (seq);

-- The end of the chain: every writer (on every gateway instance) takes this row's lock to append, so the chain
-- has one order; a chain whose last record does not match the head was cut short.
CREATE TABLE audit_head (
  id        INT         PRIMARY KEY,
  last_seq  BIGINT      NOT NULL,
  last_hash VARCHAR(64) NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
