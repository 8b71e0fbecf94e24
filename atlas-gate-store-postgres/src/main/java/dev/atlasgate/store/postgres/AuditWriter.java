package dev.atlasgate.store.postgres;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.audit.AuditOutcomeUnknown;
import dev.atlasgate.audit.CanonicalEvent;
import dev.atlasgate.audit.GroupCommit;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a group-committed batch of entries in one transaction, under the lock of the {@code
 * audit_head} row, which also serialises appenders of other processes on the same database, so
 * every instance continues the one chain.
 *
 * <p>A commit whose answer was lost (the connection broke while it was on its way) is resolved by
 * reading the chain back, retried while the database is away, up to a deadline: never guessed. When
 * the deadline passes with the outcome still unknown, the batch fails with {@link
 * AuditOutcomeUnknown}, and whatever its entries would record waits for the next start.
 */
final class AuditWriter implements GroupCommit.Writer {
  private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
  private static final int ROWS_PER_INSERT = 200;

  /** Tries of a batch: a second one when a pooled connection turned out dead. */
  private static final int ATTEMPTS = 2;

  private static final Duration FIRST_RETRY = Duration.ofMillis(50);
  private static final Duration LAST_RETRY = Duration.ofSeconds(1);

  /** The start of the message of a failure after which the entry may nevertheless be in the log. */
  static final String OUTCOME_UNKNOWN =
      "the connection was lost while committing the audit entry and the database could not be"
          + " asked in time: the entry may be in the log";

  /** A step of the append transaction where a test can break the connection. */
  @FunctionalInterface
  interface Hook {
    Hook NONE = c -> {};

    /** Runs at its point; {@code connection} is null where no connection is held (resolve). */
    void run(@Nullable Connection connection) throws SQLException;
  }

  private final PostgresDatabase database;
  private final Duration resolveWithin;
  private volatile Hook beforeCommit = Hook.NONE;
  private volatile Hook beforeResolve = Hook.NONE;

  AuditWriter(PostgresDatabase database, Duration resolveWithin) {
    this.database = database;
    this.resolveWithin = resolveWithin;
  }

  /** For tests: runs {@code hook} on the append's connection just before its commit. */
  void beforeCommit(Hook hook) {
    this.beforeCommit = hook;
  }

  /** For tests: runs {@code hook} (on no connection) before each try to resolve a doubt. */
  void beforeResolve(Hook hook) {
    this.beforeResolve = hook;
  }

  @Override
  public List<AuditEntry> write(List<CanonicalEvent> batch) {
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = database.connection()) {
        return transaction(connection, batch);
      } catch (CommitInDoubt e) {
        return resolve(e);
      } catch (SQLException e) {
        if (attempt < ATTEMPTS && SqlFailure.isBrokenConnection(e)) {
          // A pooled connection had died (the server restarted, say) and nothing was committed:
          // drop the other pooled ones, likely dead too, and try once more on a new one.
          database.dropConnections();
          continue;
        }
        throw unavailable(e);
      }
    }
  }

  /**
   * The connection was lost while the commit was on its way: the transaction may have committed.
   * Taking the head lock waits until it has ended either way; then its last entry is in the log
   * with its hash, or not. While the database cannot be asked, it is asked again, up to {@link
   * #resolveWithin}.
   */
  private List<AuditEntry> resolve(CommitInDoubt inDoubt) {
    long deadline = System.nanoTime() + resolveWithin.toNanos();
    Duration pause = FIRST_RETRY;
    while (true) {
      try {
        beforeResolve.run(null);
        if (committed(inDoubt.entries.getLast())) {
          return inDoubt.entries;
        }
        throw unavailable(inDoubt.cause);
      } catch (SQLException e) {
        if (System.nanoTime() - deadline >= 0) {
          e.addSuppressed(inDoubt.cause);
          throw new AuditOutcomeUnknown(
              OUTCOME_UNKNOWN + " (" + database.redactedUrl() + "): " + SqlFailure.describe(e), e);
        }
        LOG.warn(
            "audit commit in doubt, the database cannot be asked yet: {}", SqlFailure.describe(e));
        database.dropConnections();
        LockSupport.parkNanos(pause.toNanos());
        pause =
            pause.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : pause.multipliedBy(2);
      }
    }
  }

  private boolean committed(AuditEntry last) throws SQLException {
    return database.inTransaction(
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
  }

  private GateException unavailable(SQLException cause) {
    return SqlFailure.unavailable(
        ErrorCode.AUDIT_UNAVAILABLE,
        "cannot append to the audit log at " + database.redactedUrl(),
        cause);
  }

  /** One transaction: lock the head, seal the entries after it, insert them, commit. */
  private List<AuditEntry> transaction(Connection connection, List<CanonicalEvent> batch)
      throws SQLException, CommitInDoubt {
    connection.setAutoCommit(false);
    List<AuditEntry> entries;
    try {
      entries = CanonicalEvent.sealAll(batch, lockHead(connection));
      for (int from = 0; from < entries.size(); from += ROWS_PER_INSERT) {
        insert(connection, entries.subList(from, Math.min(entries.size(), from + ROWS_PER_INSERT)));
      }
      beforeCommit.run(connection);
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

  static AuditHead lockHead(Connection connection) throws SQLException {
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
    private static final long serialVersionUID = 1L;
    final transient List<AuditEntry> entries;
    final SQLException cause;

    CommitInDoubt(List<AuditEntry> entries, SQLException cause) {
      super(cause);
      this.entries = entries;
      this.cause = cause;
    }
  }
}
