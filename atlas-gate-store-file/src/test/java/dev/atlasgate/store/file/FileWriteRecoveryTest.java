package dev.atlasgate.store.file;

import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.gateway.StagingJournal;
import dev.atlasgate.testing.WriteRecoveryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileWriteRecoveryTest extends WriteRecoveryContract {
  @TempDir Path logDir;

  @Override
  protected AuditLog newLog() {
    return FileAuditLog.open(logDir.resolve("audit.jsonl"));
  }

  @Override
  protected StagingJournal openJournal() {
    return FileStagingJournal.open(logDir.resolve("home"), "test-instance");
  }

  @Override
  protected AuditLog reopen() {
    return FileAuditLog.open(logDir.resolve("audit.jsonl"));
  }
}
