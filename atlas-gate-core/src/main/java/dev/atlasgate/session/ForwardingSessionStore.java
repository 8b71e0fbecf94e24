package dev.atlasgate.session;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A {@link SessionStore} that hands every operation to another one: the base of a store that
 * changes a few of them (a cap on sessions, leases) and leaves the others as they are.
 */
public abstract class ForwardingSessionStore implements SessionStore {
  /** The store every operation not overridden goes to. */
  protected final SessionStore store;

  protected ForwardingSessionStore(SessionStore store) {
    this.store = requireNonNull(store, "store is null");
  }

  @Override
  public void save(Session session) {
    store.save(session);
  }

  @Override
  public Optional<Session> find(SessionId id) {
    return store.find(id);
  }

  @Override
  public boolean delete(SessionId id) {
    return store.delete(id);
  }

  @Override
  public long countActive() {
    return store.countActive();
  }

  @Override
  public long countSessions(String principal) {
    return store.countSessions(principal);
  }

  @Override
  public Optional<SessionId> leastRecentSession(String principal) {
    return store.leastRecentSession(principal);
  }

  @Override
  public void saveTransport(TransportSession session) {
    store.saveTransport(session);
  }

  @Override
  public Optional<TransportSession> findTransport(String id) {
    return store.findTransport(id);
  }

  @Override
  public Optional<BoundTransport> findBound(String id) {
    return store.findBound(id);
  }

  @Override
  public boolean deleteTransport(String id) {
    return store.deleteTransport(id);
  }

  @Override
  public long countTransports(String principal) {
    return store.countTransports(principal);
  }

  @Override
  public Optional<String> leastRecentTransport(String principal) {
    return store.leastRecentTransport(principal);
  }

  @Override
  public void close() {
    store.close();
  }
}
