package dev.atlasgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.session.BoundTransport;
import dev.atlasgate.session.Role;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.session.SessionStore;
import dev.atlasgate.session.TransportSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} must do, whatever keeps the sessions.
 *
 * <p>A backend's test extends this and says how to make a store and how to move its clock.
 */
public abstract class SessionStoreContract {
  protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  protected static final Duration TTL = Duration.ofMinutes(10);

  private SessionStore store;

  /** A fresh, empty store whose notion of now is {@link #now()}. */
  protected abstract SessionStore newStore();

  /** The store's current time. */
  protected abstract Instant now();

  /** Moves the store's clock on by {@code duration}. */
  protected abstract void advance(Duration duration);

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected SessionStore store() {
    return store;
  }

  protected Session session(Role role) {
    return Session.start(SessionId.random(), role, Path.of("/srv/work"), "alice", now(), TTL);
  }

  private Session session(String principal) {
    return Session.start(
        SessionId.random(), Role.WINDSURF, Path.of("/srv/work"), principal, now(), TTL);
  }

  @Test
  void save_thenFind_returnsTheSameSession() {
    Session session = session(Role.WINDSURF);
    store.save(session);
    assertThat(store.find(session.id())).contains(session);
  }

  @Test
  void find_unknownId_isEmpty() {
    assertThat(store.find(SessionId.random())).isEmpty();
  }

  @Test
  void find_afterExpiry_isEmpty() {
    Session session = session(Role.ANTIGRAVITY);
    store.save(session);
    advance(TTL.plusSeconds(1));
    assertThat(store.find(session.id())).isEmpty();
    assertThat(store.countActive()).isZero();
  }

  @Test
  void save_touchedSession_extendsItsLife() {
    Session session = session(Role.WINDSURF);
    store.save(session);
    advance(TTL.minusSeconds(60));
    store.save(session.touched(now(), TTL));
    advance(Duration.ofSeconds(120));
    assertThat(store.find(session.id()))
        .hasValueSatisfying(s -> assertThat(s.expiresAt()).isAfter(now()));
  }

  @Test
  void delete_removesOnlyThatSession() {
    Session a = session(Role.WINDSURF);
    Session b = session(Role.ANTIGRAVITY);
    store.save(a);
    store.save(b);
    assertThat(store.delete(a.id())).isTrue();
    assertThat(store.delete(a.id())).isFalse();
    assertThat(store.find(a.id())).isEmpty();
    assertThat(store.find(b.id())).contains(b);
    assertThat(store.countActive()).isEqualTo(1);
  }

  @Test
  void transportSessions_saveFindBindExpireDelete() {
    TransportSession transport = TransportSession.start("2025-11-25", "alice", now(), TTL);
    assertThat(transport.id()).matches("[0-9a-f]{64}");
    store.saveTransport(transport);
    assertThat(store.findTransport(transport.id())).contains(transport);
    SessionId governance = SessionId.random();
    store.saveTransport(transport.bound(governance));
    assertThat(store.findTransport(transport.id()).flatMap(TransportSession::governance))
        .contains(governance);
    assertThat(store.findTransport("unknown")).isEmpty();
    advance(TTL.plusSeconds(1));
    assertThat(store.findTransport(transport.id())).isEmpty();
    TransportSession other = TransportSession.start("2025-06-18", "bob", now(), TTL);
    store.saveTransport(other);
    assertThat(store.deleteTransport(other.id())).isTrue();
    assertThat(store.deleteTransport(other.id())).isFalse();
    assertThat(store.findTransport(other.id())).isEmpty();
  }

  @Test
  void findBound_answersTheTransportWithItsLiveSession() {
    TransportSession transport = TransportSession.start("2025-11-25", "alice", now(), TTL);
    store.saveTransport(transport);
    assertThat(store.findBound(transport.id()))
        .contains(new BoundTransport(transport, Optional.empty()));
    Session session = session(Role.WINDSURF);
    store.save(session);
    TransportSession bound = transport.bound(session.id());
    store.saveTransport(bound);
    assertThat(store.findBound(bound.id()))
        .contains(new BoundTransport(bound, Optional.of(session)));
    assertThat(store.findBound("unknown")).isEmpty();
  }

  @Test
  void findBound_aSessionThatEndedOrExpired_isLeftOut_theTransportIsNot() {
    Session ended = session(Role.WINDSURF);
    store.save(ended);
    TransportSession first =
        TransportSession.start("2025-11-25", "alice", now(), TTL).bound(ended.id());
    store.saveTransport(first);
    store.delete(ended.id());
    assertThat(store.findBound(first.id())).contains(new BoundTransport(first, Optional.empty()));

    Session expiring = session(Role.ANTIGRAVITY);
    store.save(expiring);
    advance(TTL.dividedBy(2));
    TransportSession second =
        TransportSession.start("2025-11-25", "alice", now(), TTL).bound(expiring.id());
    store.saveTransport(second);
    assertThat(store.findBound(second.id()))
        .contains(new BoundTransport(second, Optional.of(expiring)));
    advance(TTL.dividedBy(2));
    assertThat(store.findBound(second.id())).contains(new BoundTransport(second, Optional.empty()));
    advance(TTL.dividedBy(2));
    assertThat(store.findBound(second.id())).isEmpty();
  }

  @Test
  void findBound_seesWhatTheOtherMethodsSaved_touchedSessionsIncluded() {
    Session session = session(Role.WINDSURF);
    store.save(session);
    TransportSession transport =
        TransportSession.start("2025-06-18", "alice", now(), TTL).bound(session.id());
    store.saveTransport(transport);
    advance(TTL.minusSeconds(1));
    Session touched = session.touched(now(), TTL);
    store.save(touched);
    TransportSession renewed = transport.touched(now(), TTL);
    store.saveTransport(renewed);
    advance(Duration.ofSeconds(2));
    assertThat(store.findBound(transport.id()))
        .contains(new BoundTransport(renewed, Optional.of(touched)));
    assertThat(store.findBound(transport.id()).map(BoundTransport::transport))
        .isEqualTo(store.findTransport(transport.id()));
    assertThat(store.findBound(transport.id()).flatMap(BoundTransport::governance))
        .isEqualTo(store.find(session.id()));
  }

  @Test
  void countTransports_countsLiveSessionsOfOnePrincipal() {
    TransportSession first = TransportSession.start("2025-11-25", "carol", now(), TTL);
    store.saveTransport(first);
    advance(TTL.dividedBy(2));
    store.saveTransport(TransportSession.start("2025-11-25", "carol", now(), TTL));
    store.saveTransport(TransportSession.start("2025-11-25", "dave", now(), TTL));
    assertThat(store.countTransports("carol")).isEqualTo(2);
    assertThat(store.countTransports("dave")).isEqualTo(1);
    assertThat(store.countTransports("erin")).isZero();
    advance(TTL.dividedBy(2).plusSeconds(1));
    assertThat(store.countTransports("carol")).isEqualTo(1);
    store.deleteTransport(first.id());
    assertThat(store.countTransports("carol")).isEqualTo(1);
  }

  @Test
  void sessionsOfAPrincipal_areCounted_andTheLeastRecentIsFound() {
    Session first = session("ivan");
    store.save(first);
    advance(Duration.ofSeconds(1));
    Session second = session("ivan");
    store.save(second);
    store.save(session("judy"));
    assertThat(store.countSessions("ivan")).isEqualTo(2);
    assertThat(store.leastRecentSession("ivan")).contains(first.id());
    advance(Duration.ofSeconds(1));
    store.save(first.touched(now(), TTL));
    assertThat(store.leastRecentSession("ivan")).contains(second.id());
    assertThat(store.delete(second.id())).isTrue();
    assertThat(store.countSessions("ivan")).isEqualTo(1);
    assertThat(store.countSessions("mallory")).isZero();
    assertThat(store.leastRecentSession("mallory")).isEmpty();
    advance(TTL.plusSeconds(5));
    assertThat(store.countSessions("ivan")).isZero();
    assertThat(store.leastRecentSession("ivan")).isEmpty();
  }

  @Test
  void leastRecentTransport_isTheOneThatExpiresFirst() {
    TransportSession first = TransportSession.start("2025-11-25", "frank", now(), TTL);
    store.saveTransport(first);
    advance(Duration.ofSeconds(1));
    TransportSession second = TransportSession.start("2025-11-25", "frank", now(), TTL);
    store.saveTransport(second);
    store.saveTransport(TransportSession.start("2025-11-25", "grace", now(), TTL));
    assertThat(store.leastRecentTransport("frank")).contains(first.id());
    advance(Duration.ofSeconds(1));
    store.saveTransport(first.touched(now(), TTL));
    assertThat(store.leastRecentTransport("frank")).contains(second.id());
    assertThat(store.leastRecentTransport("heidi")).isEmpty();
    advance(TTL.plusSeconds(5));
    assertThat(store.leastRecentTransport("frank")).isEmpty();
  }

  @Test
  void concurrentSaves_areAllKept() throws Exception {
    List<Callable<Session>> tasks = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      tasks.add(
          () -> {
            Session s = session(Role.WINDSURF);
            store.save(s);
            return s;
          });
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (Future<Session> saved : pool.invokeAll(tasks)) {
        assertThat(store.find(saved.get().id())).contains(saved.get());
      }
    }
    assertThat(store.countActive()).isEqualTo(64);
  }
}
