package dev.atlasgate.session;

import java.util.Optional;

/**
 * Where governance sessions live: in memory for one process, or in a shared store so that any
 * gateway instance can serve any session.
 *
 * <p>A backend that cannot be reached throws {@code GateException} with {@code
 * SESSION_STORE_UNAVAILABLE}; it never answers "no session" for "cannot tell".
 */
public interface SessionStore extends AutoCloseable {

  /** Stores {@code session}, replacing any session with its id; it is kept until it expires. */
  void save(Session session);

  /** The session with this id, unless it is unknown or expired. */
  Optional<Session> find(SessionId id);

  /** Removes the session; true when it existed. */
  boolean delete(SessionId id);

  /** How many sessions are live now. */
  long countActive();

  /** How many sessions of {@code principal} are live now. */
  long countSessions(String principal);

  /**
   * The live session of {@code principal} used least recently (the one that expires first), if it
   * has any: the one to end when the principal is at its cap.
   */
  Optional<SessionId> leastRecentSession(String principal);

  /** Stores a transport session, replacing any with its id; it is kept until it expires. */
  void saveTransport(TransportSession session);

  /** The transport session with this id, unless it is unknown or expired. */
  Optional<TransportSession> findTransport(String id);

  /**
   * The transport session with this id, unless it is unknown or expired, with the live governance
   * session bound to it, read in one round trip to the backend: what an HTTP request needs before
   * it can be served.
   */
  Optional<BoundTransport> findBound(String id);

  /** Removes a transport session; true when it existed. */
  boolean deleteTransport(String id);

  /** How many transport sessions of {@code principal} are live now. */
  long countTransports(String principal);

  /**
   * The id of the live transport session of {@code principal} used least recently (the one that
   * expires first), if it has any: the one to end when the principal is at its cap.
   */
  Optional<String> leastRecentTransport(String principal);

  @Override
  default void close() {}
}
