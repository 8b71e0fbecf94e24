package dev.atlasgate.auth;

/** A right beyond the agent roles, held by a human's credential. */
public enum Authority {
  /** Approves and revokes plans, ends sessions. */
  OPERATOR,
  /** Reads and exports the audit log. */
  AUDITOR
}
