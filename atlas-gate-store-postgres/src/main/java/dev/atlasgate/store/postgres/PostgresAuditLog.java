package dev.atlasgate.store.postgres;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.GroupCommit;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit chain in PostgreSQL ({@code AUDIT_BACKEND=postgres}): table {@code audit_log}, append
 * only, with its head in {@code audit_head}.
 *
 * <p>Concurrent appends are group-committed through the core's {@link GroupCommit}, as in the other
 * backends: whichever caller holds the lock writes every waiting entry in one transaction. Many
 * gateway instances, each with its own pool, append to the same chain without forking it, because
 * every append transaction first locks the head row. An entry is acknowledged only once its
 * transaction has committed; when the database cannot be reached, {@link #append} fails with {@code
 * AUDIT_UNAVAILABLE} and the entry is not in the log, and appends work again as soon as the server
 * is back. A commit whose answer was lost is resolved by reading the chain back (see {@link
 * AuditWriter}).
 */
public final class PostgresAuditLog implements AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresAuditLog.class);

  /** Entries one append transaction takes at most. */
  public static final int DEFAULT_MAX_BATCH = 256;

  /** How long a commit in doubt is asked after, while the database is away, by default. */
  public static final Duration DEFAULT_RESOLVE_WITHIN = Duration.ofSeconds(30);

  private static final int FETCH_SIZE = 500;

  private final PostgresDatabase database;
  private final AuditWriter writer;
  private final GroupCommit commits;
  private volatile boolean closed;

  private PostgresAuditLog(PostgresDatabase database, int maxBatch, Duration resolveWithin) {
    this.database = database;
    this.writer = new AuditWriter(database, resolveWithin);
    this.commits = new GroupCommit(new ReentrantLock(), maxBatch, Duration.ZERO);
  }

  /** An audit log on {@code database}, which must outlive it (close the log first). */
  public static PostgresAuditLog open(PostgresDatabase database) {
    return open(database, DEFAULT_MAX_BATCH);
  }

  /** As {@link #open(PostgresDatabase)}, with at most {@code maxBatch} entries per transaction. */
  public static PostgresAuditLog open(PostgresDatabase database, int maxBatch) {
    return open(database, maxBatch, DEFAULT_RESOLVE_WITHIN);
  }

  /**
   * As {@link #open(PostgresDatabase, int)}; a commit in doubt is asked after for up to {@code
   * resolveWithin} while the database is away, after which its callers are told that the outcome is
   * unknown.
   */
  public static PostgresAuditLog open(
      PostgresDatabase database, int maxBatch, Duration resolveWithin) {
    requireNonNull(database, "database is null");
    requireNonNull(resolveWithin, "resolveWithin is null");
    if (maxBatch < 1 || maxBatch > 10_000) {
      throw new IllegalArgumentException("maxBatch must be 1 to 10000, not " + maxBatch);
    }
    return new PostgresAuditLog(database, maxBatch, resolveWithin);
  }

  @Override
  public AuditEntry append(AuditEvent event) {
    requireNonNull(event, "event is null");
    if (closed) {
      throw new GateException(ErrorCode.AUDIT_UNAVAILABLE, "the audit log is closed");
    }
    return commits.append(event, writer);
  }

  /** The writer of append transactions, for tests that break a connection at a chosen step. */
  AuditWriter writer() {
    return writer;
  }

  @Override
  public AuditHead head() {
    try (Connection connection = database.connection();
        PreparedStatement query = connection.prepareStatement("SELECT seq, hash FROM audit_head");
        ResultSet rs = query.executeQuery()) {
      if (!rs.next()) {
        throw new GateException(
            ErrorCode.AUDIT_UNAVAILABLE, "audit_head has no row: the schema is not migrated");
      }
      return new AuditHead(rs.getLong(1), rs.getString(2));
    } catch (SQLException e) {
      throw unavailable("cannot read the audit head", e);
    }
  }

  /**
   * The entries from {@code fromSeq} on, archived ones included, read through a server-side cursor
   * {@value #FETCH_SIZE} rows at a time; the stream holds a connection until it is closed.
   */
  @Override
  public Stream<StoredEntry> entries(long fromSeq) {
    Connection connection = null;
    try {
      connection = database.connection();
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      PreparedStatement query =
          connection.prepareStatement(
              "SELECT seq, entry, hash FROM audit_chain WHERE seq >= ? ORDER BY seq");
      query.setFetchSize(FETCH_SIZE);
      query.setLong(1, fromSeq);
      ResultSet rows = query.executeQuery();
      Connection held = connection;
      return StreamSupport.stream(new Rows(rows), false).onClose(() -> release(rows, query, held));
    } catch (SQLException e) {
      if (connection != null) {
        release(null, null, connection);
      }
      throw unavailable("cannot read the audit log", e);
    }
  }

  /**
   * Recomputes the whole chain in the database ({@code audit_verify()}), which agrees with {@link
   * dev.atlasgate.audit.ChainVerifier} given the head kept in {@code audit_head}.
   */
  public Verification verifyInDatabase() {
    try (Connection connection = database.connection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT valid, first_invalid_seq, reason, entries_checked, head_seq, head_hash,"
                    + " detail FROM audit_verify()");
        ResultSet rs = query.executeQuery()) {
      rs.next();
      long firstInvalid = rs.getLong(2);
      Optional<Long> firstInvalidSeq = rs.wasNull() ? Optional.empty() : Optional.of(firstInvalid);
      return new Verification(
          rs.getBoolean(1),
          rs.getLong(4),
          rs.getLong(5),
          rs.getString(6),
          firstInvalidSeq,
          Optional.ofNullable(rs.getString(3)),
          Optional.ofNullable(rs.getString(7)));
    } catch (SQLException e) {
      throw unavailable("cannot verify the audit log in the database", e);
    }
  }

  /**
   * Moves the entries before {@code seq} to {@code audit_archive} ({@code
   * audit_archive_before(seq)}); the chain, archive and log together, still verifies.
   *
   * @return how many entries moved
   */
  public long archiveBefore(long seq) {
    try (Connection connection = database.connection();
        PreparedStatement call = connection.prepareStatement("SELECT audit_archive_before(?)")) {
      call.setLong(1, seq);
      try (ResultSet rs = call.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw unavailable("cannot archive audit entries before seq " + seq, e);
    }
  }

  /** Takes no more entries (appends under way finish); the database stays open. */
  @Override
  public void close() {
    closed = true;
  }

  private static GateException unavailable(String what, SQLException e) {
    return SqlFailure.unavailable(ErrorCode.AUDIT_UNAVAILABLE, what, e);
  }

  private static void release(
      @Nullable ResultSet rows, @Nullable PreparedStatement query, Connection connection) {
    try (Connection c = connection;
        PreparedStatement q = query;
        ResultSet r = rows) {
      c.rollback();
    } catch (SQLException e) {
      // The read is over either way; a connection that cannot roll back is dropped by the pool.
      LOG.debug("closing an audit read failed: {}", SqlFailure.describe(e));
    }
  }

  /** The rows of an open cursor, one stored entry each. */
  private static final class Rows extends Spliterators.AbstractSpliterator<StoredEntry> {
    private final ResultSet rows;

    Rows(ResultSet rows) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
      this.rows = rows;
    }

    @Override
    public boolean tryAdvance(Consumer<? super StoredEntry> action) {
      try {
        if (!rows.next()) {
          return false;
        }
        action.accept(AuditRows.stored(rows.getLong(1), rows.getString(2), rows.getString(3)));
        return true;
      } catch (SQLException e) {
        throw unavailable("cannot read the audit log", e);
      }
    }
  }
}
