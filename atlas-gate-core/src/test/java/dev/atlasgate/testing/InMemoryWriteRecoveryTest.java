package dev.atlasgate.testing;

import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.InMemoryAuditLog;

class InMemoryWriteRecoveryTest extends WriteRecoveryContract {
  private InMemoryAuditLog log;

  @Override
  protected AuditLog newLog() {
    log = new InMemoryAuditLog();
    return log;
  }

  @Override
  protected AuditLog reopen() {
    return log;
  }
}
