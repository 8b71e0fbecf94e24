package dev.atlasgate.audit;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;

/**
 * An append whose outcome could not be learnt: the entry may be in the log, or not. The caller
 * answers {@code AUDIT_UNAVAILABLE} but must not undo what the entry would record (a staged write
 * stays for the next start, which completes it if the entry is in the log and removes it if not).
 */
public final class AuditOutcomeUnknown extends GateException {
  private static final long serialVersionUID = 1L;

  public AuditOutcomeUnknown(String message, Throwable cause) {
    super(ErrorCode.AUDIT_UNAVAILABLE, message, cause);
  }
}
