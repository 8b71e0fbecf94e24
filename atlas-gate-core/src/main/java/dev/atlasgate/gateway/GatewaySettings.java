package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.session.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What the governed core needs to know of the configuration, validated and frozen.
 *
 * @param instance names this gateway instance in audit entries
 * @param instanceRole the one role this instance serves, or empty when it serves both
 * @param protectedPaths the gateway's own files, protected if they lie inside a workspace
 */
public record GatewaySettings(
    String instance,
    Optional<Role> instanceRole,
    WorkspaceRoots workspaces,
    Duration sessionTtl,
    long maxFileBytes,
    int maxListEntries,
    Set<Path> protectedPaths) {

  public static final long DEFAULT_MAX_FILE_BYTES = 5L * 1024 * 1024;
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(1);
  public static final int DEFAULT_MAX_LIST_ENTRIES = 10_000;

  public GatewaySettings {
    requireNonNull(instance, "instance is null");
    requireNonNull(instanceRole, "instanceRole is null");
    requireNonNull(workspaces, "workspaces is null");
    requireNonNull(sessionTtl, "sessionTtl is null");
    protectedPaths = Set.copyOf(protectedPaths);
    if (sessionTtl.isNegative() || sessionTtl.isZero()) {
      throw new IllegalArgumentException("sessionTtl must be positive: " + sessionTtl);
    }
    if (maxFileBytes <= 0 || maxListEntries <= 0) {
      throw new IllegalArgumentException("maxFileBytes and maxListEntries must be positive");
    }
  }

  /** Defaults for tests and embedding: any workspace the root rules allow, one hour sessions. */
  public static GatewaySettings defaults(String instance, Optional<Role> instanceRole) {
    return new GatewaySettings(
        instance,
        instanceRole,
        WorkspaceRoots.anyDirectory(),
        DEFAULT_SESSION_TTL,
        DEFAULT_MAX_FILE_BYTES,
        DEFAULT_MAX_LIST_ENTRIES,
        Set.of());
  }
}
