package dev.atlasgate.store.postgres;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the audit chain: one writer thread drains the queue of waiting entries and
 * appends as many as are waiting (up to a batch limit) in one transaction, under the lock of the
 * {@code audit_head} row. Each caller is released only once the transaction holding its entry has
 * committed, or with {@code AUDIT_UNAVAILABLE} once it has failed; a failed entry is not in the
 * log.
 *
 * <p>The head row lock also serialises appenders of other processes on the same database, so every
 * instance continues the one chain.
 */
final class AuditWriter {
  private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
  private static final int ROWS_PER_INSERT = 200;

  /** Tries of a batch: a second one when a pooled connection turned out dead. */
  private static final int ATTEMPTS = 2;

  private static final Pending STOP = new Pending(null);

  /** The start of the message of a failure after which the entry may nevertheless be in the log. */
  static final String OUTCOME_UNKNOWN =
      "the connection was lost while committing the audit entry and the database cannot be"
          + " asked now: the entry may be in the log";

  private final PostgresDatabase database;
  private final int maxBatch;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final ReentrantLock enqueue = new ReentrantLock();
  private final Thread thread;
  private boolean closed;

  AuditWriter(PostgresDatabase database, int maxBatch) {
    this.database = database;
    this.maxBatch = maxBatch;
    this.thread =
        Thread.ofPlatform().name("atlas-gate-audit-writer").daemon(true).unstarted(this::run);
    thread.start();
  }

  /** Appends {@code event} and waits until its transaction committed or failed. */
  AuditEntry append(AuditEvent event) {
    Pending pending = new Pending(event);
    enqueue.lock();
    try {
      if (closed) {
        throw new GateException(ErrorCode.AUDIT_UNAVAILABLE, "the audit log is closed");
      }
      queue.add(pending);
    } finally {
      enqueue.unlock();
    }
    return pending.await();
  }

  /** Writes what is queued, then stops; entries still queued after {@code grace} fail. */
  void close(long graceMillis) {
    enqueue.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
    } finally {
      enqueue.unlock();
    }
    try {
      thread.join(graceMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failQueued("the audit log was closed before the entry could be appended");
  }

  /** Fails every entry still queued (none can be added once {@link #closed} is set). */
  private void failQueued(String why) {
    GateException stopped = new GateException(ErrorCode.AUDIT_UNAVAILABLE, why);
    for (Pending p; (p = queue.poll()) != null; ) {
      if (p != STOP) {
        p.fail(stopped);
      }
    }
  }

  private void run() {
    while (true) {
      List<Pending> batch = new ArrayList<>();
      try {
        batch.add(queue.take());
        queue.drainTo(batch, maxBatch - 1);
      } catch (InterruptedException e) {
        LOG.error("audit writer interrupted: the audit log stops taking entries");
        enqueue.lock();
        try {
          closed = true;
        } finally {
          enqueue.unlock();
        }
        failQueued("the audit writer was interrupted; the audit log takes no more entries");
        return;
      }
      boolean stop = batch.remove(STOP);
      if (!batch.isEmpty()) {
        commitSafely(batch);
      }
      if (stop) {
        return;
      }
    }
  }

  private void commitSafely(List<Pending> batch) {
    try {
      commit(batch);
    } catch (RuntimeException | Error e) {
      LOG.error("audit writer failed on a batch of {} entries", batch.size(), e);
      GateException failure =
          SqlFailure.unavailable(ErrorCode.AUDIT_UNAVAILABLE, "cannot append to the audit log", e);
      batch.forEach(p -> p.fail(failure));
    }
  }

  private void commit(List<Pending> batch) {
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = database.connection()) {
        succeed(batch, write(connection, batch));
        return;
      } catch (CommitInDoubt e) {
        resolve(batch, e);
        return;
      } catch (SQLException e) {
        if (attempt < ATTEMPTS && SqlFailure.isBrokenConnection(e)) {
          // A pooled connection had died (the server restarted, say) and nothing was committed:
          // drop the other pooled ones, likely dead too, and try once more on a new one.
          database.dropConnections();
          continue;
        }
        if (batch.size() > 1 && !SqlFailure.isConnectionLoss(e)) {
          // The server refused the batch itself: append one by one, so that one bad entry
          // does not take the others down with it.
          batch.forEach(p -> commit(List.of(p)));
          return;
        }
        fail(batch, "cannot append to the audit log at " + database.redactedUrl(), e);
        return;
      }
    }
  }

  /**
   * The connection was lost while the commit was on its way: the transaction may have committed.
   * Taking the head lock waits until it has ended either way; then its last entry is in the log
   * with its hash, or not.
   */
  private void resolve(List<Pending> batch, CommitInDoubt inDoubt) {
    AuditEntry last = inDoubt.entries.getLast();
    try {
      boolean committed =
          database.inTransaction(
              c -> {
                lockHead(c);
                try (PreparedStatement query =
                    c.prepareStatement("SELECT hash FROM audit_chain WHERE seq = ?")) {
                  query.setLong(1, last.seq());
                  try (ResultSet rs = query.executeQuery()) {
                    return rs.next() && rs.getString(1).equals(last.hash());
                  }
                }
              });
      if (committed) {
        succeed(batch, inDoubt.entries);
      } else {
        fail(batch, "cannot append to the audit log at " + database.redactedUrl(), inDoubt.cause);
      }
    } catch (SQLException e) {
      e.addSuppressed(inDoubt.cause);
      fail(batch, OUTCOME_UNKNOWN + " (" + database.redactedUrl() + ")", e);
    }
  }

  private static void succeed(List<Pending> batch, List<AuditEntry> entries) {
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).succeed(entries.get(i));
    }
  }

  private static void fail(List<Pending> batch, String what, SQLException cause) {
    GateException failure = SqlFailure.unavailable(ErrorCode.AUDIT_UNAVAILABLE, what, cause);
    batch.forEach(p -> p.fail(failure));
  }

  /** One transaction: lock the head, seal the entries after it, insert them, commit. */
  private static List<AuditEntry> write(Connection connection, List<Pending> batch)
      throws SQLException, CommitInDoubt {
    connection.setAutoCommit(false);
    List<AuditEntry> entries = new ArrayList<>(batch.size());
    try {
      AuditHead head = lockHead(connection);
      for (Pending pending : batch) {
        AuditEntry entry = AuditEntry.seal(head.seq() + 1, pending.event, head.hash());
        entries.add(entry);
        head = new AuditHead(entry.seq(), entry.hash());
      }
      for (int from = 0; from < entries.size(); from += ROWS_PER_INSERT) {
        insert(connection, entries.subList(from, Math.min(entries.size(), from + ROWS_PER_INSERT)));
      }
    } catch (SQLException | RuntimeException e) {
      rollback(connection, e);
      throw e;
    }
    try {
      connection.commit();
    } catch (SQLException e) {
      if (SqlFailure.isConnectionLoss(e)) {
        throw new CommitInDoubt(entries, e);
      }
      throw e;
    }
    return entries;
  }

  private static AuditHead lockHead(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT seq, hash, current_setting('synchronous_commit') FROM audit_head FOR UPDATE")) {
      if (!rs.next()) {
        throw new SQLException("audit_head has no row: the schema is not migrated", "55000");
      }
      AuditHead head = new AuditHead(rs.getLong(1), rs.getString(2));
      if ("off".equals(rs.getString(3))) {
        // An acknowledged entry must survive a crash of the server.
        statement.execute("SET LOCAL synchronous_commit TO on");
      }
      return head;
    }
  }

  private static void insert(Connection connection, List<AuditEntry> entries) throws SQLException {
    String row = "(?" + ", ?".repeat(AuditRows.INSERT_PARAMETERS - 1) + ")";
    StringBuilder sql =
        new StringBuilder("INSERT INTO audit_log (" + AuditRows.INSERT_COLUMNS + ") VALUES ");
    for (int i = 0; i < entries.size(); i++) {
      sql.append(i == 0 ? row : ", " + row);
    }
    try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < entries.size(); i++) {
        AuditRows.bind(insert, 1 + i * AuditRows.INSERT_PARAMETERS, entries.get(i));
      }
      insert.executeUpdate();
    }
  }

  private static void rollback(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** A commit whose connection was lost before its outcome came back. */
  private static final class CommitInDoubt extends Exception {
    final transient List<AuditEntry> entries;
    final SQLException cause;

    CommitInDoubt(List<AuditEntry> entries, SQLException cause) {
      super(cause);
      this.entries = entries;
      this.cause = cause;
    }
  }

  /** An entry waiting for its batch. */
  private static final class Pending {
    final AuditEvent event;
    private final CompletableFuture<AuditEntry> outcome = new CompletableFuture<>();

    Pending(AuditEvent event) {
      this.event = event;
    }

    void succeed(AuditEntry entry) {
      outcome.complete(entry);
    }

    void fail(GateException failure) {
      outcome.completeExceptionally(failure);
    }

    AuditEntry await() {
      try {
        return outcome.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof GateException failure) {
          throw new GateException(failure.code(), failure.getMessage(), failure);
        }
        throw e;
      }
    }
  }
}
