package dev.atlasgate.gateway;

import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The governance session a transport connection is bound to: one per stdio process, one per {@code
 * Mcp-Session-Id} over HTTP.
 */
public interface SessionBinding {

  /** The bound session, if {@code begin_session} has bound one. */
  Optional<SessionId> current();

  /** Binds {@code id}, replacing any earlier binding. */
  void bind(SessionId id);

  /**
   * The bound session as the transport read it together with the binding for this request, if it
   * did: the gateway uses it instead of reading the store again. Empty means "not read", and the
   * gateway asks the store.
   */
  default Optional<Session> snapshot() {
    return Optional.empty();
  }

  /** Tells the binding that session {@code id} has ended, so that no snapshot still shows it. */
  default void ended(SessionId id) {}

  /** A binding held in memory, for a connection that lives in one process. */
  static SessionBinding inMemory() {
    AtomicReference<SessionId> bound = new AtomicReference<>();
    return new SessionBinding() {
      @Override
      public Optional<SessionId> current() {
        return Optional.ofNullable(bound.get());
      }

      @Override
      public void bind(SessionId id) {
        bound.set(id);
      }
    };
  }
}
