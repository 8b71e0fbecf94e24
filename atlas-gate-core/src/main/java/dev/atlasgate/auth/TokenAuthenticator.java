package dev.atlasgate.auth;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.gateway.Principal;
import dev.atlasgate.gateway.WorkspaceRoots;
import dev.atlasgate.json.Sha256;
import dev.atlasgate.session.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Turns a bearer token into a principal, comparing digests in constant time.
 *
 * <p>Tokens are never kept: only their SHA-256 digests. Each presented token is hashed and compared
 * with every known digest, so the time taken does not depend on which one matches.
 */
public final class TokenAuthenticator {
  private final boolean required;
  private final List<TokenGrant> grants;

  private TokenAuthenticator(boolean required, List<TokenGrant> grants) {
    this.required = required;
    this.grants = List.copyOf(grants);
  }

  /** Authentication off: every caller is the anonymous, trusted principal. */
  public static TokenAuthenticator disabled() {
    return new TokenAuthenticator(false, List.of());
  }

  /**
   * Authentication on.
   *
   * @param simpleTokens tokens fully trusted ({@code VALID_TOKENS}): every role and authority
   * @param grants least-privilege grants ({@code ATLAS_TOKENS_FILE})
   */
  public static TokenAuthenticator of(List<String> simpleTokens, List<TokenGrant> grants) {
    List<TokenGrant> all = new ArrayList<>(grants);
    for (String token : simpleTokens) {
      byte[] digest = Sha256.digest().digest(token.getBytes(StandardCharsets.UTF_8));
      String hex = HexFormat.of().formatHex(digest);
      all.add(
          new TokenGrant(
              hex,
              "token-" + hex.substring(0, 8),
              EnumSet.allOf(Role.class),
              EnumSet.allOf(Authority.class),
              WorkspaceRoots.anyDirectory()));
    }
    return new TokenAuthenticator(true, all);
  }

  public boolean required() {
    return required;
  }

  /** The identity that {@code bearer} (the token after "Bearer ") proves. */
  public Identity authenticate(Optional<String> bearer) {
    requireNonNull(bearer, "bearer is null");
    if (!required) {
      return new Identity.Known(Principal.anonymous());
    }
    if (bearer.isEmpty() || bearer.get().isBlank()) {
      return new Identity.Missing();
    }
    byte[] presented = Sha256.digest().digest(bearer.get().getBytes(StandardCharsets.UTF_8));
    TokenGrant match = null;
    for (TokenGrant grant : grants) {
      if (MessageDigest.isEqual(presented, grant.digest()) && match == null) {
        match = grant;
      }
    }
    return match == null ? new Identity.Invalid() : new Identity.Known(match.toPrincipal());
  }
}
