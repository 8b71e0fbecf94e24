package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.session.Renewal;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.session.SessionStore;
import java.time.Instant;
import java.util.Optional;

/**
 * The live sessions a call acts in: taken from the binding's snapshot when the transport has read
 * the session already, else from the store; their expiry renewed when {@link Renewal} says so.
 */
final class LiveSessions {
  private final SessionStore sessions;
  private final Renewal renewal;

  LiveSessions(SessionStore sessions, Renewal renewal) {
    this.sessions = requireNonNull(sessions, "sessions is null");
    this.renewal = requireNonNull(renewal, "renewal is null");
  }

  /** The live session {@code id}, from {@code binding}'s snapshot when it holds that session. */
  Optional<Session> find(SessionBinding binding, SessionId id) {
    Optional<Session> seen = binding.snapshot().filter(s -> s.id().equals(id));
    return seen.isPresent() ? seen : sessions.find(id);
  }

  /** The live session bound to {@code binding}, if one is bound. */
  Optional<Session> bound(SessionBinding binding) {
    return binding.current().flatMap(id -> find(binding, id));
  }

  /** {@code session} after a call at {@code now}: renewed, and saved, when its renewal is due. */
  Session renewed(Session session, Instant now) {
    if (!renewal.isDue(session.expiresAt(), now)) {
      return session;
    }
    Session touched = session.touched(now, renewal.ttl());
    sessions.save(touched);
    return touched;
  }
}
