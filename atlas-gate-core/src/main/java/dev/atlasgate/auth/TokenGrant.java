package dev.atlasgate.auth;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.gateway.Principal;
import dev.atlasgate.gateway.WorkspaceRoots;
import dev.atlasgate.json.Sha256;
import dev.atlasgate.session.Role;
import java.util.HexFormat;
import java.util.Set;

/**
 * What one token grants: a principal name, the agent roles it may take, its authorities and the
 * workspaces it may bind.
 *
 * @param sha256 lowercase hex SHA-256 of the token; the token itself is never stored
 */
public record TokenGrant(
    String sha256,
    String principal,
    Set<Role> roles,
    Set<Authority> authorities,
    WorkspaceRoots workspaces) {

  public TokenGrant {
    requireNonNull(sha256, "sha256 is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(workspaces, "workspaces is null");
    roles = Set.copyOf(roles);
    authorities = Set.copyOf(authorities);
    if (!Sha256.isHex(sha256)) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
    }
  }

  byte[] digest() {
    return HexFormat.of().parseHex(sha256);
  }

  Principal toPrincipal() {
    return new Principal(principal, roles, authorities, workspaces);
  }
}
