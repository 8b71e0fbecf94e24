package dev.atlasgate.bootstrap;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.session.ForwardingSessionStore;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.session.SessionStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SessionStore} that keeps each principal under its cap of governance sessions ({@code
 * MAX_SESSIONS_PER_PRINCIPAL}), whatever began them (MCP, the compact form): saving a new session
 * at the cap first ends the principal's least recently used one, which then answers {@code
 * SESSION_EXPIRED}. No principal is locked out until its sessions expire; only when nothing can be
 * ended is the new session refused ({@code RATE_LIMITED}).
 */
final class CappedSessionStore extends ForwardingSessionStore {
  private static final Logger LOG = LoggerFactory.getLogger(CappedSessionStore.class);

  /** Sessions one new session may end (more only after a lowered cap). */
  private static final int EVICTIONS_PER_SESSION = 8;

  private final int maxPerPrincipal;

  CappedSessionStore(SessionStore store, int maxPerPrincipal) {
    super(store);
    this.maxPerPrincipal = maxPerPrincipal;
  }

  @Override
  public void save(Session session) {
    // A session is new while its last activity is its start; a touched one has room already.
    if (session.lastActivity().equals(session.createdAt())) {
      makeRoom(session.principal());
    }
    store.save(session);
  }

  private void makeRoom(String principal) {
    for (int ended = 0; ended < EVICTIONS_PER_SESSION; ended++) {
      if (store.countSessions(principal) < maxPerPrincipal) {
        return;
      }
      Optional<SessionId> oldest = store.leastRecentSession(principal);
      if (oldest.isEmpty()) {
        break;
      }
      store.delete(oldest.get());
      LOG.info(
          "{} is at MAX_SESSIONS_PER_PRINCIPAL ({}): ended its least recent session {}",
          principal,
          maxPerPrincipal,
          oldest.get().value());
    }
    if (store.countSessions(principal) >= maxPerPrincipal) {
      throw new GateException(
          ErrorCode.RATE_LIMITED,
          principal
              + " already has "
              + maxPerPrincipal
              + " live sessions (MAX_SESSIONS_PER_PRINCIPAL) and none could be ended; end one"
              + " with end_session and try again");
    }
  }
}
