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

  /** Stores a transport session, replacing any with its id; it is kept until it expires. */
  void saveTransport(TransportSession session);

  /** The transport session with this id, unless it is unknown or expired. */
  Optional<TransportSession> findTransport(String id);

  /** Removes a transport session; true when it existed. */
  boolean deleteTransport(String id);

  /** How many transport sessions of {@code principal} are live now. */
  long countTransports(String principal);

  @Override
  default void close() {}
}
