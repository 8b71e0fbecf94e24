package dev.atlasgate.session;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A governance session: one caller bound to one workspace in one role.
 *
 * <p>It expires after {@code ttl} without activity; each call moves {@code expiresAt} on.
 */
public record Session(
    SessionId id,
    Role role,
    Path workspaceRoot,
    String principal,
    Instant createdAt,
    Instant lastActivity,
    Instant expiresAt) {

  public Session {
    requireNonNull(id, "id is null");
    requireNonNull(role, "role is null");
    requireNonNull(workspaceRoot, "workspaceRoot is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(lastActivity, "lastActivity is null");
    requireNonNull(expiresAt, "expiresAt is null");
    if (!workspaceRoot.isAbsolute()) {
      throw new IllegalArgumentException("workspaceRoot must be absolute: " + workspaceRoot);
    }
  }

  /** A new session that starts now. */
  public static Session start(
      SessionId id, Role role, Path workspaceRoot, String principal, Instant now, Duration ttl) {
    return new Session(id, role, workspaceRoot, principal, now, now, now.plus(ttl));
  }

  /** This session after activity at {@code now}. */
  public Session touched(Instant now, Duration ttl) {
    return new Session(id, role, workspaceRoot, principal, createdAt, now, now.plus(ttl));
  }

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
