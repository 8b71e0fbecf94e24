package dev.atlasgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one instance keeps of a shared store, against changes other instances make to the store
 * itself ({@code shared}), and what taking a session away through it waits.
 */
class LeasedSessionStoreTest {
  private static final Duration TTL = Duration.ofHours(1);
  private static final long LEASE = Leases.LEASE.toNanos();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T12:00:00Z"));
  private final AtomicLong ticker = new AtomicLong(1_000_000_000L);
  private final InMemorySessionStore shared = new InMemorySessionStore(clock);
  private final LeasedSessionStore leased = new LeasedSessionStore(shared, clock, ticker::get);
  private Session session;
  private TransportSession transport;

  @BeforeEach
  void aBoundTransport() {
    session =
        Session.start(
            SessionId.random(), Role.WINDSURF, Path.of("/ws"), "alice", clock.instant(), TTL);
    transport =
        TransportSession.start("2025-11-25", "alice", clock.instant(), TTL).bound(session.id());
    shared.save(session);
    shared.saveTransport(transport);
  }

  private Optional<Session> governance() {
    return leased.findBound(transport.id()).flatMap(BoundTransport::governance);
  }

  @Test
  void aBoundSnapshot_isKeptForTheLeaseFromBeforeItsRead_thenReadAgain() {
    assertThat(governance()).contains(session);
    shared.delete(session.id()); // another instance, without waiting

    ticker.addAndGet(LEASE - 1);
    assertThat(governance()).as("within the lease").contains(session);
    ticker.addAndGet(1);
    assertThat(governance()).as("once the lease is over").isEmpty();
  }

  @Test
  void aTransportBoundToNoLiveSession_isNeverKept_soABindingElsewhereCountsAtOnce() {
    TransportSession unbound = TransportSession.start("2025-11-25", "alice", clock.instant(), TTL);
    shared.saveTransport(unbound);
    assertThat(leased.findBound(unbound.id()).flatMap(BoundTransport::governance)).isEmpty();

    shared.saveTransport(unbound.bound(session.id()));
    assertThat(leased.findBound(unbound.id()).flatMap(BoundTransport::governance))
        .contains(session);
  }

  @Test
  void aKeptSessionThatExpires_isReadAgain_andARenewalElsewhereCounts() {
    assertThat(governance()).contains(session);
    clock.advance(TTL.minusSeconds(1));
    Session renewed = session.touched(clock.instant(), TTL);
    shared.save(renewed); // a call through another instance renewed both
    shared.saveTransport(transport.touched(clock.instant(), TTL));
    clock.advance(Duration.ofSeconds(1)); // the kept snapshot has expired, within its lease

    assertThat(governance()).contains(renewed);
  }

  @Test
  void endingASession_waitsOutTheLease_andDropsWhatThisInstanceKept() {
    assertThat(governance()).contains(session);

    long start = System.nanoTime();
    assertThat(leased.delete(session.id())).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Leases.LEASE);

    assertThat(governance()).isEmpty();
    assertThat(shared.find(session.id())).isEmpty();
  }

  @Test
  void endingASessionThatIsGone_doesNotWait() {
    shared.delete(session.id());
    long start = System.nanoTime();
    assertThat(leased.delete(session.id())).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Leases.LEASE);
  }

  @Test
  void aRenewalFromAKeptSnapshot_doesNotBringBackASessionEndedElsewhere() {
    Session kept = governance().orElseThrow();
    shared.delete(session.id()); // end_session through another instance

    clock.advance(Duration.ofMinutes(10));
    leased.save(kept.touched(clock.instant(), TTL));

    assertThat(shared.find(session.id())).isEmpty();
  }

  @Test
  void aNewSession_andARenewalOfALiveOne_areSaved() {
    Session fresh =
        Session.start(
            SessionId.random(), Role.ANTIGRAVITY, Path.of("/ws"), "bob", clock.instant(), TTL);
    leased.save(fresh);
    assertThat(shared.find(fresh.id())).contains(fresh);

    clock.advance(Duration.ofMinutes(10));
    Session renewed = fresh.touched(clock.instant(), TTL);
    leased.save(renewed);
    assertThat(shared.find(fresh.id())).contains(renewed);
  }

  @Test
  void changesThroughThisInstance_dropWhatItKept_atOnce() {
    assertThat(governance()).contains(session);
    Session renewed = session.touched(clock.instant().plusSeconds(30), TTL);
    leased.save(renewed);
    assertThat(governance()).contains(renewed);

    Session other =
        Session.start(
            SessionId.random(), Role.WINDSURF, Path.of("/ws"), "alice", clock.instant(), TTL);
    shared.save(other);
    leased.saveTransport(transport.bound(other.id()));
    assertThat(governance()).contains(other);

    assertThat(leased.deleteTransport(transport.id())).isTrue();
    assertThat(leased.findBound(transport.id())).isEmpty();
  }
}
