package dev.atlasgate.bootstrap.config;

import dev.atlasgate.gateway.GatewaySettings;
import dev.atlasgate.gateway.WorkspaceRoots;
import dev.atlasgate.session.Role;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads {@link Settings} from environment variables and command-line options, the only place that
 * reads either. An option overrides the variable of the same meaning.
 */
public final class SettingsLoader {
  private final Map<String, String> values;

  private SettingsLoader(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Loads settings.
   *
   * @param environment the process environment
   * @param options values given on the command line, keyed by the variable they override
   * @param userHome the user's home directory, for the default {@code ATLAS_HOME}
   */
  public static Settings load(
      Map<String, String> environment, Map<String, String> options, Path userHome) {
    Map<String, String> merged = new HashMap<>();
    environment.forEach(
        (k, v) -> {
          if (v != null && !v.isBlank()) {
            merged.put(k, v.trim());
          }
        });
    options.forEach(
        (k, v) -> {
          if (v != null) {
            merged.put(k, v.trim());
          }
        });
    return new SettingsLoader(merged).settings(userHome);
  }

  private Settings settings(Path userHome) {
    Path home = home(path("ATLAS_HOME").orElse(userHome.resolve(".atlas-gate")));
    Settings.AuditBackend audit =
        choice("AUDIT_BACKEND", Settings.AuditBackend.class, Settings.AuditBackend.FILE);
    Settings.SessionBackend sessions =
        choice("SESSION_BACKEND", Settings.SessionBackend.class, Settings.SessionBackend.MEMORY);
    Settings.PlanBackend plans =
        choice(
            "PLAN_BACKEND",
            Settings.PlanBackend.class,
            audit == Settings.AuditBackend.POSTGRES
                ? Settings.PlanBackend.POSTGRES
                : Settings.PlanBackend.FILE);
    Settings.Stores stores = stores(audit, sessions, plans);
    return new Settings(
        home,
        path("AUDIT_FILE").orElse(home.resolve("audit.jsonl")),
        audit,
        sessions,
        plans,
        role(),
        workspaces(userHome, audit, sessions),
        Duration.ofSeconds(
            number(
                "SESSION_TTL_SECONDS",
                GatewaySettings.DEFAULT_SESSION_TTL.toSeconds(),
                1,
                30L * 24 * 3600)),
        number("MAX_FILE_BYTES", GatewaySettings.DEFAULT_MAX_FILE_BYTES, 1, 1L << 30),
        (int) number("MAX_BODY_BYTES", 10L * 1024 * 1024, 1024, Integer.MAX_VALUE - 8),
        text("ATLAS_INSTANCE_ID").orElseGet(SettingsLoader::hostName),
        logLevel(),
        http(),
        auth(),
        stores,
        checkpoints());
  }

  private Settings.Checkpoints checkpoints() {
    Optional<Path> key = path("ATLAS_CHECKPOINT_KEY");
    key.ifPresent(
        k -> {
          if (!Files.isRegularFile(k) || !Files.isReadable(k)) {
            throw invalid(
                "ATLAS_CHECKPOINT_KEY", k.toString(), "the path of a readable private key file");
          }
        });
    String origin = text("ATLAS_CHECKPOINT_ORIGIN").orElse("atlas-gate");
    if (origin.contains("\n") || origin.isBlank()) {
      throw invalid("ATLAS_CHECKPOINT_ORIGIN", origin, "one non-empty line");
    }
    Optional<String> anchor = text("ATLAS_CHECKPOINT_ANCHOR");
    anchor.ifPresent(
        a -> {
          if (!a.startsWith("s3://") || a.length() <= "s3://".length()) {
            throw invalid("ATLAS_CHECKPOINT_ANCHOR", a, "an S3 location s3://bucket/prefix");
          }
        });
    return new Settings.Checkpoints(
        key,
        origin,
        number("ATLAS_CHECKPOINT_EVERY", 1000, 1, 100_000_000),
        Duration.ofSeconds(number("ATLAS_CHECKPOINT_SECONDS", 10, 1, 86_400)),
        anchor,
        Duration.ofDays(number("ATLAS_CHECKPOINT_RETENTION_DAYS", 0, 0, 36_500)));
  }

  /**
   * {@code home} when it is a directory or can become one: a file in its place, or an ancestor that
   * is not a directory, stops start-up here rather than at the first write.
   */
  private static Path home(Path home) {
    for (Path at = home; at != null; at = at.getParent()) {
      if (Files.isDirectory(at)) {
        return home;
      }
      if (Files.exists(at)) {
        throw invalid(
            "ATLAS_HOME",
            home.toString(),
            "a directory, or a path where one can be made (" + at + " is not a directory)");
      }
    }
    return home;
  }

  private Settings.Stores stores(
      Settings.AuditBackend audit, Settings.SessionBackend sessions, Settings.PlanBackend plans) {
    Optional<Secret> database = text("DATABASE_URL").map(Secret::new);
    Optional<Secret> redis = text("REDIS_URL").map(Secret::new);
    boolean needsDatabase =
        audit == Settings.AuditBackend.POSTGRES
            || sessions == Settings.SessionBackend.POSTGRES
            || plans == Settings.PlanBackend.POSTGRES;
    if (needsDatabase && database.isEmpty()) {
      throw new ConfigException(
          "DATABASE_URL is required by the postgres backend (AUDIT_BACKEND, SESSION_BACKEND or"
              + " PLAN_BACKEND); it accepts postgresql://user:password@host:5432/database");
    }
    if (sessions == Settings.SessionBackend.REDIS && redis.isEmpty()) {
      throw new ConfigException(
          "REDIS_URL is required by SESSION_BACKEND=redis; it accepts redis://host:6379/0,"
              + " rediss://…, redis-sentinel://… or redis-cluster://…");
    }
    Optional<Settings.S3> s3 = Optional.empty();
    if (audit == Settings.AuditBackend.S3) {
      String bucket =
          text("AWS_BUCKET")
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "AWS_BUCKET is required by AUDIT_BACKEND=s3; it accepts a bucket"
                              + " name"));
      s3 =
          Optional.of(
              new Settings.S3(
                  bucket,
                  text("AUDIT_S3_PREFIX").orElse("atlas-gate/"),
                  (int) number("AUDIT_S3_SEGMENT_ENTRIES", 500, 1, 100_000),
                  Duration.ofMillis(number("AUDIT_S3_SEGMENT_WAIT_MS", 50, 0, 60_000))));
    }
    return new Settings.Stores(
        database,
        redis,
        text("AWS_REGION").orElse("us-east-1"),
        text("AWS_ENDPOINT_URL").map(v -> url("AWS_ENDPOINT_URL", v)),
        s3);
  }

  private static java.net.URI url(String name, String value) {
    try {
      java.net.URI uri = new java.net.URI(value);
      if (uri.getScheme() != null && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw invalid(name, value, "an http:// or https:// URL");
  }

  private Settings.Http http() {
    double rps = decimal("RATE_LIMIT_RPS", 10, 0.001, 1_000_000);
    String bind = text("MCP_BIND").orElse("127.0.0.1");
    boolean fixtures = bool("ATLAS_CONFORMANCE_FIXTURES", false);
    if (fixtures && !Settings.Http.isLoopback(bind)) {
      throw new ConfigException(
          "ATLAS_CONFORMANCE_FIXTURES=true serves unaudited test tools: it needs MCP_BIND on a"
              + " loopback address (127.0.0.1, ::1 or localhost), not \""
              + bind
              + "\"");
    }
    return new Settings.Http(
        bind,
        (int) number("MCP_PORT", 3000, 0, 65535),
        Duration.ofSeconds(number("SHUTDOWN_GRACE_SECONDS", 30, 0, 3600)),
        rps,
        (int) number("RATE_LIMIT_BURST", 20, 1, 1_000_000),
        list("ATLAS_ALLOWED_ORIGINS"),
        (int) number("MAX_SESSIONS_PER_PRINCIPAL", 1000, 1, 10_000_000),
        Duration.ofSeconds(number("IDLE_TIMEOUT_SECONDS", 30, 1, 3600)),
        fixtures,
        trustedProxies(),
        Duration.ofSeconds(number("HEADER_TIMEOUT_SECONDS", 10, 1, 3600)),
        Duration.ofSeconds(number("BODY_TIMEOUT_SECONDS", 60, 1, 3600)));
  }

  private TrustedProxies trustedProxies() {
    try {
      return TrustedProxies.parse(list("TRUSTED_PROXIES"));
    } catch (IllegalArgumentException e) {
      throw invalid(
          "TRUSTED_PROXIES",
          text("TRUSTED_PROXIES").orElse(""),
          "a comma-separated list of IP addresses and CIDR blocks, such as 127.0.0.1,10.0.0.0/8"
              + " ("
              + e.getMessage()
              + ")");
    }
  }

  private Settings.Auth auth() {
    boolean required = bool("REQUIRE_AUTH", false);
    List<Secret> tokens = list("VALID_TOKENS").stream().map(Secret::new).toList();
    Optional<Path> tokensFile = path("ATLAS_TOKENS_FILE");
    tokensFile.ifPresent(
        f -> {
          if (!Files.isRegularFile(f)) {
            throw invalid("ATLAS_TOKENS_FILE", f.toString(), "the path of a readable token file");
          }
        });
    if (required && tokens.isEmpty() && tokensFile.isEmpty()) {
      throw new ConfigException(
          "REQUIRE_AUTH=true needs VALID_TOKENS or ATLAS_TOKENS_FILE: no token could ever pass");
    }
    return new Settings.Auth(required, tokens, tokensFile, text("ATLAS_TOKEN").map(Secret::new));
  }

  private boolean bool(String name, boolean fallback) {
    Optional<String> value = text(name);
    if (value.isEmpty()) {
      return fallback;
    }
    return switch (value.get()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(name, value.get(), "true or false");
    };
  }

  private double decimal(String name, double fallback, double min, double max) {
    Optional<String> value = text(name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value.get());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw invalid(name, value.get(), "a number from " + min + " to " + max);
  }

  private Settings.LogLevel logLevel() {
    Optional<String> value = text("ATLAS_LOG_LEVEL");
    if (value.isEmpty()) {
      return Settings.LogLevel.INFO;
    }
    try {
      return Settings.LogLevel.valueOf(value.get().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("ATLAS_LOG_LEVEL", value.get(), "TRACE, DEBUG, INFO, WARN or ERROR");
    }
  }

  private List<String> list(String name) {
    return text(name)
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList())
        .orElse(List.of());
  }

  private Optional<Role> role() {
    Optional<String> value = text("MCP_ROLE");
    if (value.isEmpty() || value.get().equalsIgnoreCase("ALL")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Role.valueOf(value.get().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw invalid("MCP_ROLE", value.get(), "ANTIGRAVITY, WINDSURF or ALL");
    }
  }

  /**
   * The roots of {@code ATLAS_WORKSPACES}; by default the user's home directory in the local shape,
   * and none in the cloud shape (shared backends), where a gateway's home means nothing.
   */
  private WorkspaceRoots workspaces(
      Path userHome, Settings.AuditBackend audit, Settings.SessionBackend sessions) {
    Optional<String> value = text("ATLAS_WORKSPACES");
    if (value.isEmpty()) {
      boolean cloud =
          audit == Settings.AuditBackend.POSTGRES || sessions != Settings.SessionBackend.MEMORY;
      return cloud || !Files.isDirectory(userHome)
          ? WorkspaceRoots.none()
          : WorkspaceRoots.only(List.of(userHome));
    }
    List<Path> roots =
        Arrays.stream(value.get().split(File.pathSeparator))
            .filter(s -> !s.isBlank())
            .map(s -> rawPath("ATLAS_WORKSPACES", s))
            .toList();
    for (Path root : roots) {
      if (!root.isAbsolute() || !Files.isDirectory(root)) {
        throw invalid(
            "ATLAS_WORKSPACES",
            root.toString(),
            "a list of absolute paths of existing directories, separated by '"
                + File.pathSeparator
                + "'");
      }
    }
    try {
      return WorkspaceRoots.only(roots);
    } catch (UncheckedIOException e) {
      throw new ConfigException("ATLAS_WORKSPACES: " + e.getMessage());
    }
  }

  private <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
    Optional<String> value = text(name);
    if (value.isEmpty()) {
      return fallback;
    }
    Function<E, String> lower = e -> e.name().toLowerCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (lower.apply(constant).equalsIgnoreCase(value.get())) {
        return constant;
      }
    }
    throw invalid(
        name,
        value.get(),
        String.join(", ", Arrays.stream(type.getEnumConstants()).map(lower).toList())
            + " (in this build)");
  }

  private long number(String name, long fallback, long min, long max) {
    Optional<String> value = text(name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.get());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw invalid(name, value.get(), "a whole number from " + min + " to " + max);
  }

  private Optional<Path> path(String name) {
    return text(name).map(v -> toPath(name, v));
  }

  private static Path rawPath(String name, String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw invalid(name, value, "a file system path");
    }
  }

  private static Path toPath(String name, String value) {
    try {
      return Path.of(value).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw invalid(name, value, "a file system path");
    }
  }

  /**
   * The value of {@code name}; when it is not set, the content of the file that {@code name_FILE}
   * names (the convention of container secrets), without its trailing newline.
   */
  private Optional<String> text(String name) {
    Optional<String> direct = Optional.ofNullable(values.get(name)).filter(v -> !v.isEmpty());
    if (direct.isPresent()) {
      return direct;
    }
    String fileName = values.get(name + "_FILE");
    if (fileName == null || fileName.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(Path.of(fileName)).strip()).filter(v -> !v.isEmpty());
    } catch (IOException | InvalidPathException e) {
      throw invalid(name + "_FILE", fileName, "the path of a readable file holding " + name);
    }
  }

  private static ConfigException invalid(String name, String value, String accepted) {
    return new ConfigException(name + "=\"" + value + "\" is not valid; it accepts " + accepted);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
