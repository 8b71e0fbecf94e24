package dev.atlasgate.session;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An MCP transport session ({@code Mcp-Session-Id}): the protocol state of one client connection,
 * and the governance session it is bound to once {@code begin_session} ran.
 *
 * <p>It lives in the {@link SessionStore} beside the governance sessions, so that any gateway
 * instance sharing the store can serve any request of it.
 */
public record TransportSession(
    String id,
    String protocolVersion,
    String principal,
    Optional<SessionId> governance,
    Instant createdAt,
    Instant expiresAt) {
  private static final SecureRandom RANDOM = new SecureRandom();

  public TransportSession {
    requireNonNull(id, "id is null");
    requireNonNull(protocolVersion, "protocolVersion is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(governance, "governance is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(expiresAt, "expiresAt is null");
  }

  /** A new transport session with an id of 256 bits from a secure source (visible ASCII). */
  public static TransportSession start(
      String protocolVersion, String principal, Instant now, Duration ttl) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new TransportSession(
        HexFormat.of().formatHex(bytes),
        protocolVersion,
        principal,
        Optional.empty(),
        now,
        now.plus(ttl));
  }

  public TransportSession bound(SessionId session) {
    return new TransportSession(
        id, protocolVersion, principal, Optional.of(session), createdAt, expiresAt);
  }

  public TransportSession touched(Instant now, Duration ttl) {
    return new TransportSession(
        id, protocolVersion, principal, governance, createdAt, now.plus(ttl));
  }

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
