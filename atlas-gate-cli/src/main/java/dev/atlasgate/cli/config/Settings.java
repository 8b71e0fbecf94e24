package dev.atlasgate.cli.config;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.gateway.WorkspaceRoots;
import dev.atlasgate.session.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The whole configuration of a gateway process, validated and frozen.
 *
 * @param role the one role this instance serves, or empty for both ({@code MCP_ROLE=ALL})
 */
public record Settings(
    Path atlasHome,
    Path auditFile,
    AuditBackend auditBackend,
    SessionBackend sessionBackend,
    PlanBackend planBackend,
    Optional<Role> role,
    WorkspaceRoots workspaces,
    Duration sessionTtl,
    long maxFileBytes,
    int maxBodyBytes,
    String instanceId) {

  public Settings {
    requireNonNull(atlasHome, "atlasHome is null");
    requireNonNull(auditFile, "auditFile is null");
    requireNonNull(auditBackend, "auditBackend is null");
    requireNonNull(sessionBackend, "sessionBackend is null");
    requireNonNull(planBackend, "planBackend is null");
    requireNonNull(role, "role is null");
    requireNonNull(workspaces, "workspaces is null");
    requireNonNull(sessionTtl, "sessionTtl is null");
    requireNonNull(instanceId, "instanceId is null");
  }

  /** Where the audit log lives ({@code AUDIT_BACKEND}). */
  public enum AuditBackend {
    FILE
  }

  /** Where sessions live ({@code SESSION_BACKEND}). */
  public enum SessionBackend {
    MEMORY
  }

  /** Where plans live ({@code PLAN_BACKEND}). */
  public enum PlanBackend {
    FILE
  }
}
