package dev.atlasgate.server;

import dev.atlasgate.auth.Identity;
import dev.atlasgate.auth.TokenAuthenticator;
import dev.atlasgate.bootstrap.config.TrustedProxies;
import dev.atlasgate.gateway.Principal;
import dev.atlasgate.ratelimit.RateLimiter;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Who may reach the gateway: the DNS-rebinding checks on {@code Host} and {@code Origin}, the
 * bearer token, and the rate limit. A refusal is answered here, with the status and headers the
 * client needs; tokens are never logged.
 */
final class Access {
  private static final Set<String> LOOPBACK_NAMES =
      Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final TokenAuthenticator authenticator;
  private final RateLimiter limiter;
  private final Metrics metrics;
  private final boolean loopbackOnly;
  private final List<String> allowedOrigins;
  private final TrustedProxies trustedProxies;

  Access(
      TokenAuthenticator authenticator,
      RateLimiter limiter,
      Metrics metrics,
      boolean loopbackOnly,
      List<String> allowedOrigins,
      TrustedProxies trustedProxies) {
    this.trustedProxies = trustedProxies;
    this.authenticator = authenticator;
    this.limiter = limiter;
    this.metrics = metrics;
    this.loopbackOnly = loopbackOnly;
    this.allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** The caller, or empty once a refusal has been sent. */
  Optional<Principal> admit(Exchange ex) {
    if (!hostAllowed(ex) || !originAllowed(ex)) {
      ex.error(403, "FORBIDDEN", "Origin or Host not allowed (DNS rebinding protection)");
      return Optional.empty();
    }
    Optional<Principal> principal = authenticate(ex);
    if (principal.isEmpty()) {
      return principal;
    }
    String key =
        authenticator.required() ? "principal:" + principal.get().name() : "ip:" + client(ex);
    return limited(ex, key) ? Optional.empty() : principal;
  }

  /** Takes a token of {@code key}'s bucket; when there is none, answers 429 and says so. */
  private boolean limited(Exchange ex, String key) {
    if (!(limiter.tryAcquire(key) instanceof RateLimiter.Admission.Limited limited)) {
      return false;
    }
    metrics.rateLimited();
    long seconds = Math.max(1, (limited.retryAfter().toMillis() + 999) / 1000);
    ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
    ex.error(429, "RATE_LIMITED", "rate limit exceeded; retry after " + seconds + " s");
    return true;
  }

  boolean authRequired() {
    return authenticator.required();
  }

  private Optional<Principal> authenticate(Exchange ex) {
    Optional<String> bearer =
        ex.header(HttpHeader.AUTHORIZATION)
            .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(h -> h.substring(7).trim());
    return switch (authenticator.authenticate(bearer)) {
      case Identity.Known known -> Optional.of(known.principal());
      case Identity.Missing missing -> unauthorized(ex, "", "a bearer token is required");
      case Identity.Invalid invalid ->
          unauthorized(ex, ", error=\"invalid_token\"", "the bearer token is not valid");
    };
  }

  /**
   * A failed authentication, counted against the client address's rate limit so that a flood of
   * guesses ends in 429s; within the limit, 401 with the resource metadata.
   */
  private Optional<Principal> unauthorized(Exchange ex, String error, String message) {
    metrics.authFailed();
    if (limited(ex, "ip:" + client(ex))) {
      return Optional.empty();
    }
    ex.response
        .getHeaders()
        .put(
            HttpHeader.WWW_AUTHENTICATE,
            "Bearer resource_metadata=\""
                + baseUrl(ex)
                + "/.well-known/oauth-protected-resource\""
                + error);
    ex.error(401, "UNAUTHORIZED", message);
    return Optional.empty();
  }

  static String baseUrl(Exchange ex) {
    String scheme = ex.header("X-Forwarded-Proto").orElse(ex.request.getHttpURI().getScheme());
    String host = ex.header(HttpHeader.HOST).orElse(ex.request.getHttpURI().getAuthority());
    return scheme + "://" + host;
  }

  private boolean hostAllowed(Exchange ex) {
    if (!loopbackOnly) {
      return true;
    }
    return ex.header(HttpHeader.HOST)
        .map(Access::hostName)
        .map(LOOPBACK_NAMES::contains)
        .orElse(true);
  }

  private boolean originAllowed(Exchange ex) {
    Optional<String> origin = ex.header(HttpHeader.ORIGIN);
    if (origin.isEmpty()) {
      return true;
    }
    if (allowedOrigins.contains(origin.get())) {
      return true;
    }
    try {
      String host = URI.create(origin.get()).getHost();
      return host != null && LOOPBACK_NAMES.contains(host.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String hostName(String hostHeader) {
    String host = hostHeader.toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  /**
   * The client's address: the direct peer, or behind a trusted proxy the right-most address of
   * {@code X-Forwarded-For} that is not one (all the header's lines, in order).
   */
  String client(Exchange ex) {
    List<String> forwarded =
        ex.request.getHeaders().getValuesList("X-Forwarded-For").stream()
            .flatMap(v -> Arrays.stream(v.split(",")))
            .map(String::trim)
            .filter(v -> !v.isEmpty())
            .toList();
    return trustedProxies.client(ex.clientAddress(), forwarded);
  }
}
