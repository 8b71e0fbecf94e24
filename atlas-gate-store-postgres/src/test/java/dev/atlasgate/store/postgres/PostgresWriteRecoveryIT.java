package dev.atlasgate.store.postgres;

import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.gateway.PathLocks;
import dev.atlasgate.testing.WriteRecoveryContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Governed writes against crashes on the PostgreSQL audit log; two instances order their writes to
 * one path through advisory locks.
 */
class PostgresWriteRecoveryIT extends WriteRecoveryContract {
  private final List<AutoCloseable> opened = new ArrayList<>();
  private DatabaseUrl url;

  @Override
  protected AuditLog newLog() {
    url = TestPostgres.server().newMigratedDatabase();
    return reopen();
  }

  @Override
  protected AuditLog reopen() {
    PostgresDatabase database = PostgresDatabase.open(url, PostgresDatabase.Settings.defaults());
    opened.add(database);
    return PostgresAuditLog.open(database);
  }

  @Override
  protected PathLocks instanceLocks() {
    PostgresDatabase database = PostgresDatabase.open(url, PostgresDatabase.Settings.defaults());
    PostgresPathLocks locks = PostgresPathLocks.open(database, 4);
    opened.add(database);
    opened.add(locks);
    return locks;
  }

  @AfterEach
  void dropDatabase() throws Exception {
    for (AutoCloseable closeable : opened.reversed()) {
      closeable.close();
    }
    TestPostgres.server().drop(url);
  }
}
