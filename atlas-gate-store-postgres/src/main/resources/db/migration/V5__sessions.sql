-- Governance sessions and MCP transport sessions (SPEC section 3), shared by every gateway
-- instance. A row past expires_at is never returned; purging it is housekeeping.

CREATE TABLE sessions (
  session_id text NOT NULL,
  role text NOT NULL,
  workspace_root text NOT NULL,
  principal text NOT NULL,
  created_at timestamptz NOT NULL,
  last_activity timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CONSTRAINT sessions_pkey PRIMARY KEY (session_id)
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE transport_sessions (
  transport_id text NOT NULL,
  protocol_version text NOT NULL,
  principal text NOT NULL,
  session_id text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CONSTRAINT transport_sessions_pkey PRIMARY KEY (transport_id)
);
CREATE INDEX transport_sessions_expires_at ON transport_sessions (expires_at);
-- MAX_SESSIONS_PER_PRINCIPAL counts a principal's live transport sessions at each initialize.
CREATE INDEX transport_sessions_principal ON transport_sessions (principal, expires_at);
