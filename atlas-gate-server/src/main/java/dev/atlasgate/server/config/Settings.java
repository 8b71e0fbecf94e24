package dev.atlasgate.server.config;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.gateway.WorkspaceRoots;
import dev.atlasgate.session.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    String instanceId,
    Http http,
    Auth auth) {

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
    requireNonNull(http, "http is null");
    requireNonNull(auth, "auth is null");
  }

  /**
   * The network server's settings.
   *
   * @param allowedOrigins origins allowed to call {@code /mcp} from a browser; any other {@code
   *     Origin} is refused (DNS rebinding)
   * @param conformanceFixtures serve the MCP conformance suite's test tools (loopback only)
   */
  public record Http(
      String bind,
      int port,
      Duration shutdownGrace,
      double rateLimitRps,
      int rateLimitBurst,
      List<String> allowedOrigins,
      int maxSessionsPerPrincipal,
      Duration idleTimeout,
      boolean conformanceFixtures) {
    public Http {
      requireNonNull(bind, "bind is null");
      requireNonNull(shutdownGrace, "shutdownGrace is null");
      requireNonNull(idleTimeout, "idleTimeout is null");
      allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Whether {@code bind} is a loopback address, reachable from this host only. */
    public static boolean isLoopback(String bind) {
      return bind.startsWith("127.") || bind.equals("localhost") || bind.equals("::1");
    }

    public boolean loopback() {
      return isLoopback(bind);
    }
  }

  /**
   * Authentication.
   *
   * @param token the stdio caller's own token ({@code ATLAS_TOKEN}), checked like an HTTP one
   */
  public record Auth(
      boolean required,
      List<Secret> validTokens,
      Optional<Path> tokensFile,
      Optional<Secret> token) {
    public Auth {
      validTokens = List.copyOf(validTokens);
      requireNonNull(tokensFile, "tokensFile is null");
      requireNonNull(token, "token is null");
    }
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
