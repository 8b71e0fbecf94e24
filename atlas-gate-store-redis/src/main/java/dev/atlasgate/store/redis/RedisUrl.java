package dev.atlasgate.store.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where Redis is: a standalone server, a Sentinel-monitored master or a cluster, as one URL.
 *
 * <p>Accepted forms:
 *
 * <ul>
 *   <li>{@code redis://[[user:]password@]host[:port][/db]}, and {@code rediss://} for TLS;
 *   <li>{@code redis-sentinel://[[user:]password@]host[:port][,host2[:port2]…][/db]#masterName}
 *       (and {@code rediss-sentinel://}), Lettuce's Sentinel form;
 *   <li>{@code redis-cluster://[[user:]password@]host[:port][,host2[:port2]…]} (and {@code
 *       rediss-cluster://}): seed nodes of a Redis Cluster, which has database 0 only.
 * </ul>
 *
 * <p>The URL may carry a password, so {@link #toString()} shows it {@link #redacted()}.
 */
public final class RedisUrl {
  /** The kind of deployment a URL names. */
  public enum Kind {
    STANDALONE,
    SENTINEL,
    CLUSTER
  }

  static final String ACCEPTED =
      "redis://[user:password@]host:port[/db], rediss://…, "
          + "redis-sentinel://[password@]host:port[,host:port]/db#master or "
          + "redis-cluster://[password@]host:port[,host:port]";

  private final String value;
  private final Kind kind;
  private final List<RedisURI> nodes;

  private RedisUrl(String value, Kind kind, List<RedisURI> nodes) {
    this.value = value;
    this.kind = kind;
    this.nodes = nodes;
  }

  /**
   * Parses {@code url}; a malformed one is refused with a message that shows it redacted and lists
   * the accepted forms.
   */
  public static RedisUrl parse(String url) {
    requireNonNull(url, "url is null");
    String scheme = scheme(url);
    try {
      return switch (scheme) {
        case "redis", "rediss" -> new RedisUrl(url, Kind.STANDALONE, List.of(lettuce(url)));
        case "redis-sentinel", "rediss-sentinel" -> sentinel(url);
        case "redis-cluster", "rediss-cluster" -> cluster(url, scheme);
        default -> throw invalid(url, "unknown scheme \"" + scheme + "\"");
      };
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Redis URL ")) {
        throw e;
      }
      throw invalid(url, String.valueOf(e.getMessage()));
    }
  }

  /** The kind of deployment. */
  public Kind kind() {
    return kind;
  }

  /** The URL with any password replaced by {@code ***}, fit for logs and messages. */
  public String redacted() {
    return redact(value);
  }

  /** The URL as given, password included: for the client only, never for a log line. */
  String value() {
    return value;
  }

  /**
   * The nodes to connect to (the server, the Sentinels, or the cluster's seed nodes), parsed anew
   * on each call because Lettuce's {@code RedisURI} is mutable.
   */
  List<RedisURI> nodes() {
    return parse(value).nodes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RedisUrl url && value.equals(url.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return redacted();
  }

  private static RedisUrl sentinel(String url) {
    RedisURI uri = lettuce(url);
    if (uri.getSentinelMasterId() == null || uri.getSentinelMasterId().isBlank()) {
      throw invalid(url, "a Sentinel URL names its master after '#'");
    }
    return new RedisUrl(url, Kind.SENTINEL, List.of(uri));
  }

  private static RedisUrl cluster(String url, String scheme) {
    String rest = url.substring(scheme.length() + 3);
    int end = authorityEnd(rest);
    String authority = rest.substring(0, end);
    String tail = rest.substring(end);
    if (!tail.isEmpty() && !tail.equals("/") && !tail.startsWith("?") && !tail.equals("/0")) {
      throw invalid(url, "a cluster has database 0 only and no master name");
    }
    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
    String hosts = authority.substring(at + 1);
    String nodeScheme = scheme.startsWith("rediss") ? "rediss://" : "redis://";
    String query = tail.startsWith("?") ? tail : "";
    List<RedisURI> nodes = new ArrayList<>();
    for (String host : hosts.split(",", -1)) {
      if (host.isBlank()) {
        throw invalid(url, "an empty host in the node list");
      }
      nodes.add(lettuce(nodeScheme + userInfo + host + query));
    }
    return new RedisUrl(url, Kind.CLUSTER, List.copyOf(nodes));
  }

  private static RedisURI lettuce(String url) {
    RedisURI uri = RedisURI.create(url);
    if (uri.getSentinels().isEmpty() && (uri.getHost() == null || uri.getHost().isBlank())) {
      throw new IllegalArgumentException("no host");
    }
    return uri;
  }

  private static String scheme(String url) {
    int colon = url.indexOf("://");
    if (colon <= 0) {
      throw invalid(url, "no scheme");
    }
    return url.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  /** The index in {@code rest} (the URL after {@code ://}) where the authority ends. */
  private static int authorityEnd(String rest) {
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return i;
      }
    }
    return rest.length();
  }

  static String redact(String url) {
    int start = url.indexOf("://");
    if (start < 0) {
      return url.indexOf('@') < 0 ? url : "***@" + url.substring(url.lastIndexOf('@') + 1);
    }
    String rest = url.substring(start + 3);
    String authority = rest.substring(0, authorityEnd(rest));
    int at = authority.lastIndexOf('@');
    if (at < 0) {
      return url;
    }
    String userInfo = authority.substring(0, at);
    int colon = userInfo.indexOf(':');
    String shown = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
    return url.substring(0, start + 3) + shown + rest.substring(at);
  }

  private static IllegalArgumentException invalid(String url, String reason) {
    return new IllegalArgumentException(
        "Redis URL \"" + redact(url) + "\" is not valid (" + reason + "); accepted: " + ACCEPTED);
  }
}
