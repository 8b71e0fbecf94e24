package dev.atlasgate.session;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Sessions of one process, kept in memory; expired sessions are dropped as they are met. */
public final class InMemorySessionStore implements SessionStore {
  private final ConcurrentMap<SessionId, Session> sessions = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, TransportSession> transports = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemorySessionStore(Clock clock) {
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public void save(Session session) {
    sessions.put(session.id(), session);
  }

  @Override
  public Optional<Session> find(SessionId id) {
    Session session = sessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    if (session.isExpiredAt(clock.instant())) {
      sessions.remove(id, session);
      return Optional.empty();
    }
    return Optional.of(session);
  }

  @Override
  public boolean delete(SessionId id) {
    return sessions.remove(id) != null;
  }

  @Override
  public long countActive() {
    var now = clock.instant();
    sessions.values().removeIf(s -> s.isExpiredAt(now));
    return sessions.size();
  }

  @Override
  public long countSessions(String principal) {
    return liveSessionsOf(principal).count();
  }

  @Override
  public Optional<SessionId> leastRecentSession(String principal) {
    return liveSessionsOf(principal)
        .min(java.util.Comparator.comparing(Session::expiresAt))
        .map(Session::id);
  }

  private java.util.stream.Stream<Session> liveSessionsOf(String principal) {
    var now = clock.instant();
    return sessions.values().stream()
        .filter(s -> s.principal().equals(principal) && !s.isExpiredAt(now));
  }

  @Override
  public void saveTransport(TransportSession session) {
    transports.put(session.id(), session);
  }

  @Override
  public Optional<TransportSession> findTransport(String id) {
    TransportSession session = transports.get(id);
    if (session == null) {
      return Optional.empty();
    }
    if (session.isExpiredAt(clock.instant())) {
      transports.remove(id, session);
      return Optional.empty();
    }
    return Optional.of(session);
  }

  @Override
  public Optional<BoundTransport> findBound(String id) {
    return findTransport(id).map(t -> new BoundTransport(t, t.governance().flatMap(this::find)));
  }

  @Override
  public boolean deleteTransport(String id) {
    return transports.remove(id) != null;
  }

  @Override
  public long countTransports(String principal) {
    var now = clock.instant();
    transports.values().removeIf(t -> t.isExpiredAt(now));
    return transports.values().stream().filter(t -> t.principal().equals(principal)).count();
  }

  @Override
  public Optional<String> leastRecentTransport(String principal) {
    var now = clock.instant();
    return transports.values().stream()
        .filter(t -> t.principal().equals(principal) && !t.isExpiredAt(now))
        .min(java.util.Comparator.comparing(TransportSession::expiresAt))
        .map(TransportSession::id);
  }
}
