-- Batch verification jobs (issue 17), durable in the control plane so that any instance resumes them: the job, its
-- subjects in submission order with their outcome once checked, and the lease of the instance working on it.
-- Portable across PostgreSQL and H2; owned by the gateway.
CREATE TABLE verification_job (
  id                VARCHAR(36)    PRIMARY KEY,
  consumer_id       VARCHAR(64)    NOT NULL,
  purpose_code      VARCHAR(64)    NOT NULL,
  case_id           VARCHAR(128),
  operator_id       VARCHAR(128),
  type_name         VARCHAR(64)    NOT NULL,
  claims            VARCHAR(20000) NOT NULL,
  per_subject       BOOLEAN        NOT NULL,
  state             VARCHAR(16)    NOT NULL,
  total             INT            NOT NULL,
  done              INT            NOT NULL,
  pending_reason    VARCHAR(200),
  submitted_at      TIMESTAMP      NOT NULL,
  finished_at       TIMESTAMP,
  expires_at        TIMESTAMP      NOT NULL,
  lease_owner       VARCHAR(64),
  lease_until       TIMESTAMP
);
CREATE INDEX verification_job_consumer ON verification_job (consumer_id, submitted_at);
CREATE INDEX verification_job_state ON verification_job (state);

CREATE TABLE verification_job_subject (
  job_id     VARCHAR(36)   NOT NULL REFERENCES verification_job (id),
  position   INT           NOT NULL,
  subject    VARCHAR(200)  NOT NULL,
  claims     VARCHAR(4000),
  outcome    VARCHAR(16),
  claim_outcomes VARCHAR(4000),
  PRIMARY KEY (job_id, position)
);
