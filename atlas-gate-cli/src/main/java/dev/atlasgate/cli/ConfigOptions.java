package dev.atlasgate.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The command-line options that override configuration variables, shared by every command. */
final class ConfigOptions {
  @Option(names = "--atlas-home", paramLabel = "DIR", description = "Local state (ATLAS_HOME).")
  String atlasHome;

  @Option(names = "--audit-file", paramLabel = "FILE", description = "Audit log (AUDIT_FILE).")
  String auditFile;

  @Option(names = "--audit-backend", paramLabel = "NAME", description = "AUDIT_BACKEND: file.")
  String auditBackend;

  @Option(
      names = "--session-backend",
      paramLabel = "NAME",
      description = "SESSION_BACKEND: memory.")
  String sessionBackend;

  @Option(names = "--plan-backend", paramLabel = "NAME", description = "PLAN_BACKEND: file.")
  String planBackend;

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

  /** The options given, keyed by the variable each overrides. */
  Map<String, String> asVariables() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("ATLAS_HOME", atlasHome);
    values.put("AUDIT_FILE", auditFile);
    values.put("AUDIT_BACKEND", auditBackend);
    values.put("SESSION_BACKEND", sessionBackend);
    values.put("PLAN_BACKEND", planBackend);
    values.put("ATLAS_WORKSPACES", workspaces);
    values.put("SESSION_TTL_SECONDS", sessionTtlSeconds);
    values.put("MAX_FILE_BYTES", maxFileBytes);
    values.put("MAX_BODY_BYTES", maxBodyBytes);
    values.put("ATLAS_INSTANCE_ID", instanceId);
    values.values().removeIf(java.util.Objects::isNull);
    return values;
  }
}
