package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.auth.Authority;
import dev.atlasgate.session.Role;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling, as the transport established it: the agent roles it may take, its authorities,
 * and the workspaces it may bind.
 *
 * @param name a stable name for the audit log, never a credential
 */
public record Principal(
    String name, Set<Role> roles, Set<Authority> authorities, WorkspaceRoots workspaces) {
  public Principal {
    requireNonNull(name, "name is null");
    requireNonNull(workspaces, "workspaces is null");
    roles = Set.copyOf(roles);
    authorities = Set.copyOf(authorities);
    if (name.isBlank()) {
      throw new IllegalArgumentException("principal name is blank");
    }
  }

  /** A principal trusted with everything, such as the local user of a stdio gateway. */
  public static Principal trusted(String name) {
    return new Principal(
        name,
        EnumSet.allOf(Role.class),
        EnumSet.allOf(Authority.class),
        WorkspaceRoots.anyDirectory());
  }

  private static final Principal ANONYMOUS = trusted("anonymous");

  /** The caller of a gateway that does not authenticate: trusted, by the operator's choice. */
  public static Principal anonymous() {
    return ANONYMOUS;
  }

  /** An agent principal limited to {@code roles}, with no authority, any workspace. */
  public static Principal agent(String name, Set<Role> roles) {
    return new Principal(name, roles, Set.of(), WorkspaceRoots.anyDirectory());
  }

  public boolean mayTake(Role role) {
    return roles.contains(role);
  }

  public boolean has(Authority authority) {
    return authorities.contains(authority);
  }

  /** Whether this principal may bind the workspace at {@code realPath}. */
  public boolean mayBind(Path realPath) {
    return workspaces.allows(realPath);
  }
}
