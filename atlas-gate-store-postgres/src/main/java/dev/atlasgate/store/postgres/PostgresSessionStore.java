package dev.atlasgate.store.postgres;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.session.BoundTransport;
import dev.atlasgate.session.Role;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.session.SessionStore;
import dev.atlasgate.session.TransportSession;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * Sessions in PostgreSQL ({@code SESSION_BACKEND=postgres}): tables {@code sessions} and {@code
 * transport_sessions}, shared by every gateway instance, so a session survives the restart of all
 * of them.
 *
 * <p>A row whose {@code expires_at} is not after the clock's now is never returned; {@link
 * #purgeExpired()} removes such rows. When the database cannot be reached every method throws
 * {@code SESSION_STORE_UNAVAILABLE}, never "no session". Times are kept to the microsecond.
 */
public final class PostgresSessionStore implements SessionStore {
  private static final String SESSION_COLUMNS =
      "session_id, role, workspace_root, principal, created_at, last_activity, expires_at";
  private static final String TRANSPORT_COLUMNS =
      "transport_id, protocol_version, principal, session_id, created_at, expires_at";

  private static final String FIND_BOUND =
      "SELECT t.transport_id, t.protocol_version, t.principal, t.session_id, t.created_at,"
          + " t.expires_at, s.session_id, s.role, s.workspace_root, s.principal, s.created_at,"
          + " s.last_activity, s.expires_at FROM transport_sessions t LEFT JOIN sessions s"
          + " ON s.session_id = t.session_id AND s.expires_at > ?"
          + " WHERE t.transport_id = ? AND t.expires_at > ?";

  private final PostgresDatabase database;
  private final Clock clock;

  private PostgresSessionStore(PostgresDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * A session store on {@code database} (which must outlive it), telling expiry by {@code clock}.
   */
  public static PostgresSessionStore open(PostgresDatabase database, Clock clock) {
    return new PostgresSessionStore(
        requireNonNull(database, "database is null"), requireNonNull(clock, "clock is null"));
  }

  @Override
  public void save(Session session) {
    requireNonNull(session, "session is null");
    update(
        "save session",
        "INSERT INTO sessions ("
            + SESSION_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET"
            + " role = excluded.role, workspace_root = excluded.workspace_root,"
            + " principal = excluded.principal, created_at = excluded.created_at,"
            + " last_activity = excluded.last_activity, expires_at = excluded.expires_at",
        statement -> {
          statement.setString(1, session.id().value());
          statement.setString(2, session.role().name());
          statement.setString(3, session.workspaceRoot().toString());
          statement.setString(4, session.principal());
          statement.setObject(5, SqlTime.timestamp(session.createdAt()));
          statement.setObject(6, SqlTime.timestamp(session.lastActivity()));
          statement.setObject(7, SqlTime.timestamp(session.expiresAt()));
        });
  }

  @Override
  public Optional<Session> find(SessionId id) {
    requireNonNull(id, "id is null");
    return findLive(
        "find session",
        "SELECT " + SESSION_COLUMNS + " FROM sessions WHERE session_id = ? AND expires_at > ?",
        id.value(),
        PostgresSessionStore::session);
  }

  @Override
  public boolean delete(SessionId id) {
    requireNonNull(id, "id is null");
    return update(
            "delete session",
            "DELETE FROM sessions WHERE session_id = ?",
            statement -> statement.setString(1, id.value()))
        > 0;
  }

  @Override
  public long countActive() {
    return countLive("count sessions", "SELECT count(*) FROM sessions WHERE expires_at > ?");
  }

  @Override
  public long countSessions(String principal) {
    requireNonNull(principal, "principal is null");
    return countLive(
        "count sessions of a principal",
        "SELECT count(*) FROM sessions WHERE principal = ? AND expires_at > ?",
        principal);
  }

  @Override
  public Optional<SessionId> leastRecentSession(String principal) {
    requireNonNull(principal, "principal is null");
    return findLive(
        "find the least recent session",
        "SELECT session_id FROM sessions WHERE principal = ? AND expires_at > ?"
            + " ORDER BY expires_at LIMIT 1",
        principal,
        rs -> new SessionId(rs.getString(1)));
  }

  @Override
  public void saveTransport(TransportSession session) {
    requireNonNull(session, "session is null");
    update(
        "save transport session",
        "INSERT INTO transport_sessions ("
            + TRANSPORT_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (transport_id) DO UPDATE SET"
            + " protocol_version = excluded.protocol_version, principal = excluded.principal,"
            + " session_id = excluded.session_id, created_at = excluded.created_at,"
            + " expires_at = excluded.expires_at",
        statement -> {
          statement.setString(1, session.id());
          statement.setString(2, session.protocolVersion());
          statement.setString(3, session.principal());
          statement.setString(4, session.governance().map(SessionId::value).orElse(null));
          statement.setObject(5, SqlTime.timestamp(session.createdAt()));
          statement.setObject(6, SqlTime.timestamp(session.expiresAt()));
        });
  }

  @Override
  public Optional<TransportSession> findTransport(String id) {
    requireNonNull(id, "id is null");
    return findLive(
        "find transport session",
        "SELECT "
            + TRANSPORT_COLUMNS
            + " FROM transport_sessions WHERE transport_id = ? AND expires_at > ?",
        id,
        PostgresSessionStore::transport);
  }

  /** One query: the transport session's row joined with its live governance session's, if any. */
  @Override
  public Optional<BoundTransport> findBound(String id) {
    requireNonNull(id, "id is null");
    return call(
        "find transport session and its session",
        c -> {
          try (PreparedStatement query = c.prepareStatement(FIND_BOUND)) {
            var now = SqlTime.timestamp(clock.instant());
            query.setObject(1, now);
            query.setString(2, id);
            query.setObject(3, now);
            try (ResultSet rs = query.executeQuery()) {
              return rs.next() ? Optional.of(bound(rs)) : Optional.<BoundTransport>empty();
            }
          }
        });
  }

  @Override
  public boolean deleteTransport(String id) {
    requireNonNull(id, "id is null");
    return update(
            "delete transport session",
            "DELETE FROM transport_sessions WHERE transport_id = ?",
            statement -> statement.setString(1, id))
        > 0;
  }

  @Override
  public long countTransports(String principal) {
    requireNonNull(principal, "principal is null");
    return countLive(
        "count transport sessions",
        "SELECT count(*) FROM transport_sessions WHERE principal = ? AND expires_at > ?",
        principal);
  }

  @Override
  public Optional<String> leastRecentTransport(String principal) {
    requireNonNull(principal, "principal is null");
    return findLive(
        "find the least recent transport session",
        "SELECT transport_id FROM transport_sessions WHERE principal = ? AND expires_at > ?"
            + " ORDER BY expires_at LIMIT 1",
        principal,
        rs -> rs.getString(1));
  }

  /** Removes every expired session and transport session; returns how many rows went. */
  public long purgeExpired() {
    return call(
        "purge expired sessions",
        c -> {
          long purged = 0;
          for (String table : new String[] {"sessions", "transport_sessions"}) {
            try (PreparedStatement delete =
                c.prepareStatement("DELETE FROM " + table + " WHERE expires_at <= ?")) {
              delete.setObject(1, SqlTime.timestamp(clock.instant()));
              purged += delete.executeUpdate();
            }
          }
          return purged;
        });
  }

  private static Session session(ResultSet rs) throws SQLException {
    return session(rs, 1);
  }

  /** The session in the columns of {@link #SESSION_COLUMNS} from {@code first} on. */
  private static Session session(ResultSet rs, int first) throws SQLException {
    return new Session(
        new SessionId(rs.getString(first)),
        Role.valueOf(rs.getString(first + 1)),
        Path.of(rs.getString(first + 2)),
        rs.getString(first + 3),
        SqlTime.instant(rs, first + 4),
        SqlTime.instant(rs, first + 5),
        SqlTime.instant(rs, first + 6));
  }

  private static TransportSession transport(ResultSet rs) throws SQLException {
    return new TransportSession(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        Optional.ofNullable(rs.getString(4)).map(SessionId::new),
        SqlTime.instant(rs, 5),
        SqlTime.instant(rs, 6));
  }

  /** A row of {@link #FIND_BOUND}: the transport's columns, then its session's (null if none). */
  private static BoundTransport bound(ResultSet rs) throws SQLException {
    TransportSession transport = transport(rs);
    Optional<Session> governance =
        rs.getString(7) == null ? Optional.empty() : Optional.of(session(rs, 7));
    return new BoundTransport(transport, governance);
  }

  /** The row {@code sql} finds for {@code key} (its first parameter) among the unexpired ones. */
  private <T> Optional<T> findLive(String what, String sql, String key, RowReader<T> reader) {
    return call(
        what,
        c -> {
          try (PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, key);
            query.setObject(2, SqlTime.timestamp(clock.instant()));
            try (ResultSet rs = query.executeQuery()) {
              return rs.next() ? Optional.of(reader.read(rs)) : Optional.<T>empty();
            }
          }
        });
  }

  /** The count {@code sql} answers for {@code keys} (its first parameters) and now (its last). */
  private long countLive(String what, String sql, String... keys) {
    return call(
        what,
        c -> {
          try (PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < keys.length; i++) {
              query.setString(i + 1, keys[i]);
            }
            query.setObject(keys.length + 1, SqlTime.timestamp(clock.instant()));
            try (ResultSet rs = query.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /** Reads one row. */
  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private int update(String what, String sql, Binder binder) {
    return call(
        what,
        c -> {
          try (PreparedStatement statement = c.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
          }
        });
  }

  /**
   * Runs {@code work}, once more on a new connection when a pooled one turns out dead (the pool is
   * emptied then, as its other connections likely died too): every statement here may run twice
   * without harm.
   */
  private <T> T call(String what, PostgresDatabase.SqlWork<T> work) {
    try {
      try {
        return database.withConnection(work);
      } catch (SQLException e) {
        if (!SqlFailure.isBrokenConnection(e)) {
          throw e;
        }
        database.dropConnections();
        return database.withConnection(work);
      }
    } catch (SQLException e) {
      throw SqlFailure.unavailable(
          ErrorCode.SESSION_STORE_UNAVAILABLE,
          "cannot " + what + ": the session store at " + database.redactedUrl() + " failed",
          e);
    }
  }

  /** Sets the parameters of a statement. */
  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }
}
