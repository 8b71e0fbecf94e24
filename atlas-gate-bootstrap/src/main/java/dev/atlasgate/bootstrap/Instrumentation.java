package dev.atlasgate.bootstrap;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.gateway.CallObserver;
import dev.atlasgate.session.SessionStore;
import java.time.Duration;
import java.util.Optional;

/**
 * What the wiring reports about the calls and the stores it builds, for metrics. The HTTP server's
 * Prometheus registry implements it; stdio and the commands use {@link #NONE}, and then no store is
 * decorated at all. The wiring owns the decorators ({@link ObservedStores}), so that the append
 * path goes from the core straight to the store: a sink of numbers is all an implementation is.
 */
public interface Instrumentation extends CallObserver {
  /** Reports nothing; a wiring with it decorates no store. */
  Instrumentation NONE =
      new Instrumentation() {
        @Override
        public void called(String tool, Optional<ErrorCode> error, Duration duration) {}

        @Override
        public void appended(long seq, Duration duration) {}

        @Override
        public void headSeen(long seq) {}

        @Override
        public Runnable storeOperation(String store, String operation) {
          return () -> {};
        }

        @Override
        public void watch(SessionStore sessions) {}
      };

  /** An audit entry, {@code seq}, was appended durably; the append took {@code duration}. */
  void appended(long seq, Duration duration);

  /** The head of the audit log was read: its last entry is {@code seq}. */
  void headSeen(long seq);

  /**
   * What counts one {@code operation} (snake case) asked of {@code store} ({@code session} or
   * {@code plan}): asked once per operation, run once per request to the store's backend.
   */
  Runnable storeOperation(String store, String operation);

  /** Reports the number of live sessions of {@code sessions}. */
  void watch(SessionStore sessions);
}
