package dev.atlasgate.session;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A shared session store (Redis, PostgreSQL) as one gateway instance reads it: a transport session
 * bound to a live governance session, as {@link #findBound} found it, is kept for {@link
 * Leases#LEASE} from before the read, so that the calls of a busy client cost no round trip to the
 * store while the lease holds.
 *
 * <p>What is kept can only be taken away in ways that wait out the lease:
 *
 * <ul>
 *   <li>A transport session bound to no live governance session is never kept, so a {@code
 *       begin_session} answered by one instance is seen by the next call on any other; binding
 *       happens only then ({@code SESSION_ALREADY_ACTIVE} otherwise).
 *   <li>Ending a governance session ({@link #delete}, what {@code end_session} does) commits, then
 *       waits out the lease before it answers ({@link Leases#outlast()}): once it has answered, no
 *       instance serves a call in it.
 *   <li>Expiry is checked against the kept snapshot's own {@code expires_at}. A renewal through
 *       another instance only moves expiry later; once the kept one says expired, the store is read
 *       again.
 *   <li>A renewal ({@link #save} of a session whose last activity is after its start) first checks
 *       that the session is still in the store, so a renewal from a snapshot kept since before an
 *       {@code end_session} does not bring the session back (what is left is the round trip between
 *       the check and the write, as without the lease).
 * </ul>
 *
 * <p>Deleting a transport session does not wait: it carries no authority of its own (its governance
 * session outlives it, and any instance ends it for good once the lease is over). Changes made
 * through this instance drop what it kept of them at once.
 */
public final class LeasedSessionStore extends ForwardingSessionStore {
  private static final int MAX_ENTRIES = 10_000;

  private final Clock clock;
  private final LongSupplier ticker;
  private final ConcurrentMap<String, Entry> kept = new ConcurrentHashMap<>();

  /** {@code store} read through leases timed by {@link System#nanoTime()}. */
  public LeasedSessionStore(SessionStore store, Clock clock) {
    this(store, clock, System::nanoTime);
  }

  /** {@code store} read through leases timed by {@code ticker}, monotonic, in nanoseconds. */
  LeasedSessionStore(SessionStore store, Clock clock, LongSupplier ticker) {
    super(store);
    this.clock = requireNonNull(clock, "clock is null");
    this.ticker = requireNonNull(ticker, "ticker is null");
  }

  /** A bound transport session as a read that began at {@code readAt} found it. */
  private record Entry(BoundTransport found, long readAt) {
    boolean holdsAt(long tick, Instant now) {
      return tick - readAt < Leases.LEASE.toNanos()
          && !found.transport().isExpiredAt(now)
          && found.governance().filter(g -> !g.isExpiredAt(now)).isPresent();
    }
  }

  @Override
  public Optional<BoundTransport> findBound(String id) {
    Entry entry = kept.get(requireNonNull(id, "id is null"));
    if (entry != null && entry.holdsAt(ticker.getAsLong(), clock.instant())) {
      return Optional.of(entry.found());
    }
    long readAt = ticker.getAsLong();
    Optional<BoundTransport> found = store.findBound(id);
    if (found.isPresent() && found.get().governance().isPresent()) {
      if (kept.size() >= MAX_ENTRIES) {
        kept.clear();
      }
      kept.put(id, new Entry(found.get(), readAt));
    } else {
      kept.remove(id);
    }
    return found;
  }

  @Override
  public void save(Session session) {
    requireNonNull(session, "session is null");
    boolean renewal = !session.lastActivity().equals(session.createdAt());
    forget(session.id());
    if (renewal && store.find(session.id()).isEmpty()) {
      return;
    }
    store.save(session);
  }

  /** Ends the session; once this answers, no instance serves a call in it. */
  @Override
  public boolean delete(SessionId id) {
    forget(requireNonNull(id, "id is null"));
    boolean existed = store.delete(id);
    forget(id);
    if (existed) {
      Leases.outlast();
    }
    return existed;
  }

  private void forget(SessionId id) {
    kept.values().removeIf(e -> e.found().transport().governance().equals(Optional.of(id)));
  }

  @Override
  public void saveTransport(TransportSession session) {
    kept.remove(requireNonNull(session, "session is null").id());
    store.saveTransport(session);
    kept.remove(session.id());
  }

  @Override
  public boolean deleteTransport(String id) {
    kept.remove(requireNonNull(id, "id is null"));
    boolean existed = store.deleteTransport(id);
    kept.remove(id);
    return existed;
  }

  @Override
  public void close() {
    kept.clear();
    store.close();
  }
}
