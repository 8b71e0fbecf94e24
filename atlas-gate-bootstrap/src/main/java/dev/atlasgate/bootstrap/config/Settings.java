package dev.atlasgate.bootstrap.config;

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
    LogLevel logLevel,
    Http http,
    Auth auth,
    Stores stores,
    Checkpoints checkpoints) {

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
    requireNonNull(logLevel, "logLevel is null");
    requireNonNull(http, "http is null");
    requireNonNull(auth, "auth is null");
    requireNonNull(stores, "stores is null");
    requireNonNull(checkpoints, "checkpoints is null");
  }

  /**
   * Signed checkpoints of the audit log (SPEC §7).
   *
   * @param key the private note key file ({@code ATLAS_CHECKPOINT_KEY}); without it, none are made
   * @param origin the checkpoint's first line ({@code ATLAS_CHECKPOINT_ORIGIN})
   * @param every entries between checkpoints at most ({@code ATLAS_CHECKPOINT_EVERY})
   * @param interval time between checkpoints at most ({@code ATLAS_CHECKPOINT_SECONDS})
   * @param anchor an S3 location every checkpoint is also written to ({@code
   *     ATLAS_CHECKPOINT_ANCHOR}, {@code s3://bucket/prefix})
   * @param retention Object Lock retention in compliance mode of the S3 checkpoint objects ({@code
   *     ATLAS_CHECKPOINT_RETENTION_DAYS}); zero writes them without a lock
   */
  public record Checkpoints(
      Optional<Path> key,
      String origin,
      long every,
      Duration interval,
      Optional<String> anchor,
      Duration retention) {
    public Checkpoints {
      requireNonNull(key, "key is null");
      requireNonNull(origin, "origin is null");
      requireNonNull(interval, "interval is null");
      requireNonNull(anchor, "anchor is null");
      requireNonNull(retention, "retention is null");
    }
  }

  /** The least severe log events written ({@code ATLAS_LOG_LEVEL}); logs go to stderr. */
  public enum LogLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  /**
   * The network server's settings.
   *
   * @param allowedOrigins origins allowed to call {@code /mcp} from a browser; any other {@code
   *     Origin} is refused (DNS rebinding)
   * @param conformanceFixtures serve the MCP conformance suite's test tools (loopback only)
   * @param trustedProxies the proxies whose {@code X-Forwarded-For} names the client
   * @param headerTimeout how long a request's headers may take to arrive, in all
   * @param bodyTimeout how long a request's body may take to arrive, in all, once its headers have
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
      boolean conformanceFixtures,
      TrustedProxies trustedProxies,
      Duration headerTimeout,
      Duration bodyTimeout) {
    public Http {
      requireNonNull(bind, "bind is null");
      requireNonNull(trustedProxies, "trustedProxies is null");
      requireNonNull(headerTimeout, "headerTimeout is null");
      requireNonNull(bodyTimeout, "bodyTimeout is null");
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

  /**
   * The shared stores of the cloud shape.
   *
   * @param databaseUrl PostgreSQL ({@code DATABASE_URL})
   * @param redisUrl Redis ({@code REDIS_URL}); when set, rate limits are shared through it too
   * @param awsRegion the S3 region ({@code AWS_REGION})
   * @param awsEndpoint an S3-compatible store's URL ({@code AWS_ENDPOINT_URL}); empty means AWS
   * @param s3 the S3 audit location ({@code AWS_BUCKET} and the rest)
   */
  public record Stores(
      Optional<Secret> databaseUrl,
      Optional<Secret> redisUrl,
      String awsRegion,
      Optional<java.net.URI> awsEndpoint,
      Optional<S3> s3) {
    public Stores {
      requireNonNull(databaseUrl, "databaseUrl is null");
      requireNonNull(redisUrl, "redisUrl is null");
      requireNonNull(awsRegion, "awsRegion is null");
      requireNonNull(awsEndpoint, "awsEndpoint is null");
      requireNonNull(s3, "s3 is null");
    }
  }

  /**
   * The S3 audit location.
   *
   * @param segmentEntries entries of one segment object at most ({@code AUDIT_S3_SEGMENT_ENTRIES})
   * @param segmentWait how long an entry waits for others to share its segment ({@code
   *     AUDIT_S3_SEGMENT_WAIT_MS})
   */
  public record S3(String bucket, String prefix, int segmentEntries, Duration segmentWait) {
    public S3 {
      requireNonNull(bucket, "bucket is null");
      requireNonNull(prefix, "prefix is null");
      requireNonNull(segmentWait, "segmentWait is null");
    }
  }

  /** Where the audit log lives ({@code AUDIT_BACKEND}). */
  public enum AuditBackend {
    FILE,
    POSTGRES,
    S3
  }

  /** Where sessions live ({@code SESSION_BACKEND}). */
  public enum SessionBackend {
    MEMORY,
    REDIS,
    POSTGRES
  }

  /** Where plans live ({@code PLAN_BACKEND}). */
  public enum PlanBackend {
    FILE,
    POSTGRES
  }
}
