-- Plans (SPEC section 5), per workspace: every version of every plan_id is kept, keyed by its
-- content hash; the status lives beside the plan, with its whole history.

CREATE TABLE plans (
  workspace text NOT NULL,
  plan_hash text NOT NULL CHECK (plan_hash ~ '^[0-9a-f]{64}$'),
  plan_id text NOT NULL,
  version bigint NOT NULL,
  title text NOT NULL,
  document text NOT NULL,
  status text NOT NULL CHECK (status IN ('DRAFT', 'APPROVED', 'REVOKED')),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  approved_by text,
  approved_at timestamptz,
  revoked_by text,
  revoked_at timestamptz,
  CONSTRAINT plans_pkey PRIMARY KEY (workspace, plan_hash),
  CONSTRAINT plans_approval_complete CHECK ((approved_by IS NULL) = (approved_at IS NULL)),
  CONSTRAINT plans_revocation_complete CHECK ((revoked_by IS NULL) = (revoked_at IS NULL))
);
CREATE INDEX plans_newest ON plans (workspace, created_at DESC, plan_hash);
CREATE INDEX plans_versions ON plans (workspace, plan_id, version);

CREATE TABLE plan_status_history (
  workspace text NOT NULL,
  plan_hash text NOT NULL,
  step integer NOT NULL CHECK (step >= 1),
  status text NOT NULL CHECK (status IN ('DRAFT', 'APPROVED', 'REVOKED')),
  actor text NOT NULL,
  at timestamptz NOT NULL,
  CONSTRAINT plan_status_history_pkey PRIMARY KEY (workspace, plan_hash, step),
  CONSTRAINT plan_status_history_plan FOREIGN KEY (workspace, plan_hash)
    REFERENCES plans (workspace, plan_hash)
);
