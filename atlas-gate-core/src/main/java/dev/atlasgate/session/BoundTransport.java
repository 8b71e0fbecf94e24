package dev.atlasgate.session;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A transport session together with the governance session bound to it, as one read of the {@link
 * SessionStore} found them: the state one HTTP request needs, fetched in one round trip.
 *
 * @param transport the live transport session
 * @param governance the live governance session it is bound to; empty when it is bound to none, or
 *     to one that is unknown or expired
 */
public record BoundTransport(TransportSession transport, Optional<Session> governance) {
  public BoundTransport {
    requireNonNull(transport, "transport is null");
    requireNonNull(governance, "governance is null");
    if (governance.isPresent() && !transport.governance().equals(governance.map(Session::id))) {
      throw new IllegalArgumentException(
          "transport session "
              + transport.id()
              + " is bound to "
              + transport.governance()
              + ", not to "
              + governance.get().id());
    }
  }

  /** This state with {@code transport} in place of its transport session. */
  public BoundTransport with(TransportSession transport) {
    return new BoundTransport(
        transport, governance.filter(g -> transport.governance().equals(Optional.of(g.id()))));
  }
}
