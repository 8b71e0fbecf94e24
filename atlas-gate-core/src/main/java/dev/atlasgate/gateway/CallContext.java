package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

/** Who calls and through which connection, as the transport knows it. */
public record CallContext(Principal principal, SessionBinding binding) {
  public CallContext {
    requireNonNull(principal, "principal is null");
    requireNonNull(binding, "binding is null");
  }
}
