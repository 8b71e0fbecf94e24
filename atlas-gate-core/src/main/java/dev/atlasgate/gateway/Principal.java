package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.session.Role;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling, as the transport established it, and which agent roles it may take.
 *
 * @param name a stable name for the audit log, never a credential
 */
public record Principal(String name, Set<Role> roles) {
  public Principal {
    requireNonNull(name, "name is null");
    roles = Set.copyOf(roles);
    if (name.isBlank()) {
      throw new IllegalArgumentException("principal name is blank");
    }
  }

  /** A principal trusted with every role, such as the local user of a stdio gateway. */
  public static Principal trusted(String name) {
    return new Principal(name, EnumSet.allOf(Role.class));
  }

  public boolean mayTake(Role role) {
    return roles.contains(role);
  }
}
