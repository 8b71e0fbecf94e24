package dev.atlasgate.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.atlasgate.bootstrap.config.Settings;
import dev.atlasgate.bootstrap.config.SettingsLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The command-line options that override configuration variables, shared by every command. */
final class ConfigOptions {
  @Option(names = "--atlas-home", paramLabel = "DIR", description = "Local state (ATLAS_HOME).")
  String atlasHome;

  @Option(names = "--audit-file", paramLabel = "FILE", description = "Audit log (AUDIT_FILE).")
  String auditFile;

  @Option(
      names = "--audit-backend",
      paramLabel = "NAME",
      description = "AUDIT_BACKEND: file, postgres or s3.")
  String auditBackend;

  @Option(
      names = "--session-backend",
      paramLabel = "NAME",
      description = "SESSION_BACKEND: memory, redis or postgres.")
  String sessionBackend;

  @Option(
      names = "--plan-backend",
      paramLabel = "NAME",
      description =
          "PLAN_BACKEND: file or postgres (default postgres with AUDIT_BACKEND=postgres).")
  String planBackend;

  @Option(
      names = "--database-url",
      paramLabel = "URL",
      description = "PostgreSQL, postgresql://user:password@host:5432/db (DATABASE_URL).")
  String databaseUrl;

  @Option(
      names = "--redis-url",
      paramLabel = "URL",
      description = "Redis: redis://, rediss://, redis-sentinel://, redis-cluster:// (REDIS_URL).")
  String redisUrl;

  @Option(names = "--aws-bucket", paramLabel = "NAME", description = "S3 bucket (AWS_BUCKET).")
  String awsBucket;

  @Option(
      names = "--aws-region",
      paramLabel = "REGION",
      description = "S3 region (AWS_REGION, default us-east-1).")
  String awsRegion;

  @Option(
      names = "--aws-endpoint-url",
      paramLabel = "URL",
      description = "An S3-compatible store's URL (AWS_ENDPOINT_URL).")
  String awsEndpointUrl;

  @Option(
      names = "--audit-s3-prefix",
      paramLabel = "PREFIX",
      description = "Key prefix of the S3 audit log (AUDIT_S3_PREFIX, default atlas-gate/).")
  String auditS3Prefix;

  @Option(
      names = "--audit-s3-segment-entries",
      paramLabel = "N",
      description = "Entries of one S3 segment at most (AUDIT_S3_SEGMENT_ENTRIES, default 500).")
  String auditS3SegmentEntries;

  @Option(
      names = "--audit-s3-segment-wait-ms",
      paramLabel = "MS",
      description = "Wait for entries to share a segment (AUDIT_S3_SEGMENT_WAIT_MS, default 50).")
  String auditS3SegmentWaitMs;

  @Option(
      names = "--workspaces",
      paramLabel = "PATHS",
      description = "Allowed workspace roots, ':'-separated (ATLAS_WORKSPACES).")
  String workspaces;

  @Option(
      names = "--session-ttl-seconds",
      paramLabel = "N",
      description = "Idle session expiry (SESSION_TTL_SECONDS, default 3600).")
  String sessionTtlSeconds;

  @Option(
      names = "--max-file-bytes",
      paramLabel = "N",
      description = "Largest file read or written (MAX_FILE_BYTES, default 5 MiB).")
  String maxFileBytes;

  @Option(
      names = "--max-body-bytes",
      paramLabel = "N",
      description = "Largest message (MAX_BODY_BYTES, default 10 MiB).")
  String maxBodyBytes;

  @Option(
      names = "--instance-id",
      paramLabel = "NAME",
      description = "Instance name in audit entries (ATLAS_INSTANCE_ID, default the host name).")
  String instanceId;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description = "TRACE, DEBUG, INFO, WARN or ERROR (ATLAS_LOG_LEVEL, default INFO).")
  String logLevel;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "Listen address (MCP_BIND, default 127.0.0.1).")
  String bind;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Listen port (MCP_PORT, default 3000).")
  String port;

  @Option(
      names = "--require-auth",
      paramLabel = "BOOL",
      description = "Demand a bearer token (REQUIRE_AUTH).")
  String requireAuth;

  @Option(
      names = "--valid-tokens",
      paramLabel = "T1,T2",
      description = "Fully trusted tokens (VALID_TOKENS); prefer the variable: options show in ps.")
  String validTokens;

  @Option(
      names = "--tokens-file",
      paramLabel = "FILE",
      description = "Least-privilege token grants (ATLAS_TOKENS_FILE).")
  String tokensFile;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "This caller's token, for stdio with auth on (ATLAS_TOKEN).")
  String token;

  @Option(
      names = "--rate-limit-rps",
      paramLabel = "N",
      description = "Requests per second per caller (RATE_LIMIT_RPS, default 10).")
  String rateLimitRps;

  @Option(
      names = "--rate-limit-burst",
      paramLabel = "N",
      description = "Burst per caller (RATE_LIMIT_BURST, default 20).")
  String rateLimitBurst;

  @Option(
      names = "--shutdown-grace-seconds",
      paramLabel = "N",
      description = "Time for requests in flight at SIGTERM (SHUTDOWN_GRACE_SECONDS, default 30).")
  String shutdownGraceSeconds;

  @Option(
      names = "--allowed-origins",
      paramLabel = "O1,O2",
      description = "Browser origins allowed on /mcp (ATLAS_ALLOWED_ORIGINS).")
  String allowedOrigins;

  @Option(
      names = "--max-sessions-per-principal",
      paramLabel = "N",
      description = "Open MCP sessions per caller (MAX_SESSIONS_PER_PRINCIPAL, default 1000).")
  String maxSessionsPerPrincipal;

  @Option(
      names = "--idle-timeout-seconds",
      paramLabel = "N",
      description =
          "Close a connection silent this long, mid-request too (IDLE_TIMEOUT_SECONDS, default"
              + " 30).")
  String idleTimeoutSeconds;

  @Option(
      names = "--header-timeout-seconds",
      paramLabel = "N",
      description =
          "Time a request's headers may take, in all (HEADER_TIMEOUT_SECONDS, default 10).")
  String headerTimeoutSeconds;

  @Option(
      names = "--body-timeout-seconds",
      paramLabel = "N",
      description = "Time a request's body may take, in all (BODY_TIMEOUT_SECONDS, default 60).")
  String bodyTimeoutSeconds;

  @Option(
      names = "--trusted-proxies",
      paramLabel = "CIDR,…",
      description =
          "Proxies whose X-Forwarded-For names the client (TRUSTED_PROXIES, default none).")
  String trustedProxies;

  @Option(
      names = "--conformance-fixtures",
      description =
          "Serve the MCP conformance suite's unaudited test tools, on loopback only"
              + " (ATLAS_CONFORMANCE_FIXTURES; tests only, never in production).")
  boolean conformanceFixtures;

  @picocli.CommandLine.Mixin CheckpointOptions checkpoints = new CheckpointOptions();

  /** The options given, keyed by the variable each overrides. */
  Map<String, String> asVariables() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("ATLAS_HOME", atlasHome);
    values.put("AUDIT_FILE", auditFile);
    values.put("AUDIT_BACKEND", auditBackend);
    values.put("SESSION_BACKEND", sessionBackend);
    values.put("PLAN_BACKEND", planBackend);
    values.put("DATABASE_URL", databaseUrl);
    values.put("REDIS_URL", redisUrl);
    values.put("AWS_BUCKET", awsBucket);
    values.put("AWS_REGION", awsRegion);
    values.put("AWS_ENDPOINT_URL", awsEndpointUrl);
    values.put("AUDIT_S3_PREFIX", auditS3Prefix);
    values.put("AUDIT_S3_SEGMENT_ENTRIES", auditS3SegmentEntries);
    values.put("AUDIT_S3_SEGMENT_WAIT_MS", auditS3SegmentWaitMs);
    values.put("ATLAS_WORKSPACES", workspaces);
    values.put("SESSION_TTL_SECONDS", sessionTtlSeconds);
    values.put("MAX_FILE_BYTES", maxFileBytes);
    values.put("MAX_BODY_BYTES", maxBodyBytes);
    values.put("ATLAS_INSTANCE_ID", instanceId);
    values.put("ATLAS_LOG_LEVEL", logLevel);
    values.put("MCP_BIND", bind);
    values.put("MCP_PORT", port);
    values.put("REQUIRE_AUTH", requireAuth);
    values.put("VALID_TOKENS", validTokens);
    values.put("ATLAS_TOKENS_FILE", tokensFile);
    values.put("ATLAS_TOKEN", token);
    values.put("RATE_LIMIT_RPS", rateLimitRps);
    values.put("RATE_LIMIT_BURST", rateLimitBurst);
    values.put("SHUTDOWN_GRACE_SECONDS", shutdownGraceSeconds);
    values.put("ATLAS_ALLOWED_ORIGINS", allowedOrigins);
    values.put("MAX_SESSIONS_PER_PRINCIPAL", maxSessionsPerPrincipal);
    values.put("IDLE_TIMEOUT_SECONDS", idleTimeoutSeconds);
    values.put("HEADER_TIMEOUT_SECONDS", headerTimeoutSeconds);
    values.put("BODY_TIMEOUT_SECONDS", bodyTimeoutSeconds);
    values.put("TRUSTED_PROXIES", trustedProxies);
    values.put("ATLAS_CONFORMANCE_FIXTURES", conformanceFixtures ? "true" : null);
    values.values().removeIf(java.util.Objects::isNull);
    values.putAll(checkpoints.asVariables());
    return values;
  }

  /** The settings of the environment and these options; applies their log level. */
  Settings settings() {
    return settings(Map.of());
  }

  /**
   * The settings of the environment, these options and {@code more} (values a command takes as its
   * own options, keyed by variable); applies their log level.
   */
  Settings settings(Map<String, String> more) {
    Map<String, String> options = asVariables();
    options.putAll(more);
    Settings settings =
        SettingsLoader.load(System.getenv(), options, Path.of(System.getProperty("user.home")));
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logs) {
      logs.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(settings.logLevel().name()));
    }
    return settings;
  }
}
