package dev.atlasgate.store.postgres;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the database is ({@code DATABASE_URL}): {@code postgresql://user:pass@host:5432/db}, its
 * {@code postgres://} spelling, or a {@code jdbc:postgresql://} URL.
 *
 * <p>The password never appears in {@link #toString()} or {@link #redacted()}; it goes to the
 * driver only.
 */
public final class DatabaseUrl {
  private static final Map<String, String> LIBPQ_TO_JDBC =
      Map.of("application_name", "ApplicationName", "connect_timeout", "connectTimeout");
  private static final Map<String, String> TARGET_SESSION_ATTRS =
      Map.of(
          "any", "any",
          "read-write", "primary",
          "primary", "primary",
          "read-only", "secondary",
          "standby", "secondary",
          "prefer-standby", "preferSecondary");

  private final String hosts;
  private final String database;
  private final Optional<String> user;
  private final Optional<String> password;
  private final Map<String, String> parameters;

  private DatabaseUrl(
      String hosts,
      String database,
      Optional<String> user,
      Optional<String> password,
      Map<String, String> parameters) {
    this.hosts = hosts;
    this.database = database;
    this.user = user;
    this.password = password;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /**
   * Reads a database URL; throws {@link IllegalArgumentException} naming what is wrong (never the
   * password).
   */
  public static DatabaseUrl parse(String url) {
    requireNonNull(url, "url is null");
    String trimmed = url.strip();
    if (trimmed.startsWith("jdbc:postgresql:")) {
      return jdbc(trimmed.substring("jdbc:postgresql:".length()));
    }
    for (String scheme : new String[] {"postgresql://", "postgres://"}) {
      if (trimmed.startsWith(scheme)) {
        return uri(trimmed.substring(scheme.length()));
      }
    }
    throw new IllegalArgumentException(
        "database URL must start with postgresql://, postgres:// or jdbc:postgresql://, not "
            + schemeOf(trimmed));
  }

  /** The URL for the PostgreSQL JDBC driver, without user, password or other secrets. */
  public String jdbcUrl() {
    String query =
        parameters.entrySet().stream()
            .filter(e -> !isSecret(e.getKey()))
            .map(e -> e.getKey() + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return "jdbc:postgresql://"
        + hosts
        + "/"
        + encode(database)
        + (query.isEmpty() ? "" : "?" + query);
  }

  public String database() {
    return database;
  }

  public Optional<String> user() {
    return user;
  }

  /** The password, for the driver only: never log it. */
  Optional<String> password() {
    return password;
  }

  /** The parameters that are secrets (such as {@code sslpassword}), for the driver only. */
  Map<String, String> secretParameters() {
    Map<String, String> secrets = new LinkedHashMap<>();
    parameters.forEach(
        (name, value) -> {
          if (isSecret(name)) {
            secrets.put(name, value);
          }
        });
    return secrets;
  }

  /** This URL pointing at another database of the same server, with the same credentials. */
  public DatabaseUrl withDatabase(String otherDatabase) {
    return new DatabaseUrl(
        hosts, requireNonNull(otherDatabase, "otherDatabase is null"), user, password, parameters);
  }

  /** The {@code host:port} list of the URL. */
  String hosts() {
    return hosts;
  }

  /** This URL with other hosts: the same database, user and parameters elsewhere. */
  DatabaseUrl withHosts(String otherHosts) {
    return new DatabaseUrl(
        requireNonNull(otherHosts, "otherHosts is null"), database, user, password, parameters);
  }

  /** The URL for log lines: {@code postgresql://user:****@host:5432/db?...}. */
  public String redacted() {
    String credentials = user.map(u -> u + password.map(p -> ":****").orElse("") + "@").orElse("");
    String query =
        parameters.entrySet().stream()
            .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? "****" : e.getValue()))
            .collect(Collectors.joining("&"));
    return "postgresql://"
        + credentials
        + hosts
        + "/"
        + database
        + (query.isEmpty() ? "" : "?" + query);
  }

  @Override
  public String toString() {
    return redacted();
  }

  private static DatabaseUrl uri(String rest) {
    int at = rest.lastIndexOf('@', endOfAuthority(rest));
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (at >= 0) {
      String credentials = rest.substring(0, at);
      int colon = credentials.indexOf(':');
      user = Optional.of(decode(colon < 0 ? credentials : credentials.substring(0, colon), "user"));
      password =
          colon < 0
              ? Optional.empty()
              : Optional.of(decode(credentials.substring(colon + 1), "password"));
      rest = rest.substring(at + 1);
    }
    Parts parts = Parts.split(rest);
    Map<String, String> parameters = new LinkedHashMap<>();
    for (Map.Entry<String, String> p : parts.parameters().entrySet()) {
      switch (p.getKey()) {
        case "user" -> user = Optional.of(p.getValue());
        case "password" -> password = Optional.of(p.getValue());
        case "target_session_attrs" -> parameters.put("targetServerType", targetServerType(p));
        default -> parameters.put(LIBPQ_TO_JDBC.getOrDefault(p.getKey(), p.getKey()), p.getValue());
      }
    }
    return new DatabaseUrl(parts.hosts(), parts.database(), user, password, parameters);
  }

  private static DatabaseUrl jdbc(String rest) {
    if (!rest.startsWith("//")) {
      throw new IllegalArgumentException(
          "a jdbc:postgresql: database URL must name its host: jdbc:postgresql://host:port/db");
    }
    Parts parts = Parts.split(rest.substring(2));
    Map<String, String> parameters = new LinkedHashMap<>(parts.parameters());
    Optional<String> user = Optional.ofNullable(parameters.remove("user"));
    Optional<String> password = Optional.ofNullable(parameters.remove("password"));
    return new DatabaseUrl(parts.hosts(), parts.database(), user, password, parameters);
  }

  private static int endOfAuthority(String rest) {
    for (int i = 0; i < rest.length(); i++) {
      if (rest.charAt(i) == '/' || rest.charAt(i) == '?') {
        return i;
      }
    }
    return rest.length();
  }

  private static String targetServerType(Map.Entry<String, String> parameter) {
    String value = TARGET_SESSION_ATTRS.get(parameter.getValue().toLowerCase(Locale.ROOT));
    if (value == null) {
      throw new IllegalArgumentException(
          "database URL parameter target_session_attrs must be one of "
              + TARGET_SESSION_ATTRS.keySet().stream().sorted().toList()
              + ", not "
              + parameter.getValue());
    }
    return value;
  }

  private static boolean isSecret(String parameter) {
    String name = parameter.toLowerCase(Locale.ROOT);
    return name.contains("password") || name.contains("secret") || name.contains("token");
  }

  private static String schemeOf(String url) {
    int colon = url.indexOf(':');
    return colon < 0 ? "a URL without a scheme" : "\"" + url.substring(0, colon) + ":\"";
  }

  /** Percent-decodes {@code value}; an error names the part, never the value (a password). */
  private static String decode(String value, String part) {
    try {
      return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "database URL has a malformed %-escape in its " + part + "; write % as %25");
    }
  }

  private static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((Character.isLetterOrDigit(c) && c < 128) || "-._~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** Hosts, database and query parameters of {@code hosts[/database][?parameters]}. */
  private record Parts(String hosts, String database, Map<String, String> parameters) {
    static Parts split(String rest) {
      int query = rest.indexOf('?');
      String path = query < 0 ? rest : rest.substring(0, query);
      int slash = path.indexOf('/');
      String hosts = slash < 0 ? path : path.substring(0, slash);
      String database = slash < 0 ? "" : decode(path.substring(slash + 1), "database name");
      if (hosts.isEmpty()) {
        hosts = "localhost:5432";
      }
      if (database.isEmpty()) {
        throw new IllegalArgumentException(
            "database URL must name a database: postgresql://user:pass@host:5432/DATABASE");
      }
      Map<String, String> parameters = new LinkedHashMap<>();
      if (query >= 0) {
        for (String pair : rest.substring(query + 1).split("&")) {
          if (!pair.isEmpty()) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "parameter names");
            parameters.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1), "parameter " + name));
          }
        }
      }
      return new Parts(hosts, database, parameters);
    }
  }
}
