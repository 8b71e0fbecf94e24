package dev.atlasgate.auth;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.gateway.Principal;

/** Who a request comes from, as far as its credential says. */
public sealed interface Identity {

  /** A known principal, or the anonymous one when authentication is off. */
  record Known(Principal principal) implements Identity {
    public Known {
      requireNonNull(principal, "principal is null");
    }
  }

  /** No credential where one is required. */
  record Missing() implements Identity {}

  /** A credential that matches no token. */
  record Invalid() implements Identity {}
}
