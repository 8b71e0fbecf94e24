package dev.atlasgate.store.postgres;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditEvent;
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

  /**
   * The rows of a batch, inserted only if the head is still where they were sealed after: the head
   * row is locked first (and, if another transaction moved it meanwhile, read again once that one
   * has ended), so every appender takes the head lock before any row, and none waits on another's
   * rows while holding it.
   */
  private static final String INSERT =
      "WITH head AS (SELECT 1 FROM audit_head WHERE seq = ? AND hash = ? FOR UPDATE)"
          + " INSERT INTO audit_log ("
          + AuditRows.INSERT_COLUMNS
          + ") SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[]::timestamptz[], ?::text[], ?::text[], ?::text[])"
          + " WHERE EXISTS (SELECT 1 FROM head)";

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

  /**
   * The head after the entries this writer committed last, null after a failure; written and read
   * only by the group commit's writer, one at a time.
   */
  private @Nullable AuditHead left;

  /** Whether the head was last found where this writer had left it. */
  private boolean alone;

  private volatile long headLocks;

  AuditWriter(PostgresDatabase database, Duration resolveWithin) {
    this.database = database;
    this.resolveWithin = resolveWithin;
  }

  /** How many append transactions locked the head row before they sealed (for tests). */
  long headLocks() {
    return headLocks;
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

  /**
   * One transaction that seals the entries after the head and inserts them. While this writer is
   * the chain's only one (the head it last read under the lock was the one it had left), it seals
   * after the head it left without asking, and the insert, which inserts nothing unless the head is
   * still there, is the transaction's only statement. When another instance has moved the head
   * meanwhile, and while other instances append too, the transaction locks the head row first and
   * seals after what it reads.
   */
  private List<AuditEntry> transaction(Connection connection, List<CanonicalEvent> batch)
      throws SQLException, CommitInDoubt {
    connection.setAutoCommit(false);
    AuditHead known = left;
    left = null;
    List<AuditEntry> entries = List.of();
    try {
      if (alone && known != null) {
        entries = CanonicalEvent.sealAll(batch, known);
        if (!inserted(connection, known, batch, entries)) {
          alone = false;
          entries = List.of();
        }
      }
      if (entries.isEmpty()) {
        AuditHead head = lockHead(connection);
        headLocks++;
        alone = head.equals(known);
        entries = CanonicalEvent.sealAll(batch, head);
        if (!inserted(connection, head, batch, entries)) {
          throw new SQLException("the audit head moved while this transaction held its lock");
        }
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
    AuditEntry last = entries.getLast();
    left = new AuditHead(last.seq(), last.hash());
    return entries;
  }

  static AuditHead lockHead(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT seq, hash FROM audit_head FOR UPDATE")) {
      if (!rs.next()) {
        throw new SQLException("audit_head has no row: the schema is not migrated", "55000");
      }
      return new AuditHead(rs.getLong(1), rs.getString(2));
    }
  }

  /**
   * Inserts {@code entries}, sealed after {@code head}, if {@code head} is the head of the chain,
   * in one statement of a fixed text (planned once per connection), one array per column: the
   * statement first locks the head row, if it is still {@code head}, then inserts; false when the
   * head has moved, and nothing was inserted. {@code batch} gives each entry's text.
   */
  private static boolean inserted(
      Connection connection, AuditHead head, List<CanonicalEvent> batch, List<AuditEntry> entries)
      throws SQLException {
    int n = entries.size();
    Long[] seqs = new Long[n];
    String[] prevHashes = new String[n];
    String[] texts = new String[n];
    String[] hashes = new String[n];
    String[] times = new String[n];
    String[] instances = new String[n];
    @Nullable String[] sessions = new String[n];
    String[] tools = new String[n];
    for (int i = 0; i < n; i++) {
      AuditEntry entry = entries.get(i);
      AuditEvent event = entry.event();
      seqs[i] = entry.seq();
      prevHashes[i] = entry.prevHash();
      texts[i] = batch.get(i).text(entry.seq(), entry.prevHash());
      hashes[i] = entry.hash();
      times[i] = event.ts().toString();
      instances[i] = AuditRows.queryText(event.instance());
      sessions[i] = event.sessionId().map(AuditRows::queryText).orElse(null);
      tools[i] = AuditRows.queryText(event.tool());
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setLong(1, head.seq());
      insert.setString(2, head.hash());
      insert.setArray(3, connection.createArrayOf("bigint", seqs));
      insert.setArray(4, connection.createArrayOf("text", prevHashes));
      insert.setArray(5, connection.createArrayOf("text", texts));
      insert.setArray(6, connection.createArrayOf("text", hashes));
      insert.setArray(7, connection.createArrayOf("text", times));
      insert.setArray(8, connection.createArrayOf("text", instances));
      insert.setArray(9, connection.createArrayOf("text", sessions));
      insert.setArray(10, connection.createArrayOf("text", tools));
      return insert.executeUpdate() == n;
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
