package dev.atlasgate.policy;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;

/** The outcome of a policy check. */
public sealed interface Decision {

  /** The action may go ahead. */
  record Allowed() implements Decision {}

  /** The action is refused for a named reason. */
  record Refused(ErrorCode code, String message) implements Decision {
    public Refused {
      requireNonNull(code, "code is null");
      requireNonNull(message, "message is null");
    }
  }

  /** Throws the refusal as a {@link GateException}; does nothing when allowed. */
  default void orThrow() {
    switch (this) {
      case Allowed a -> {}
      case Refused r -> throw new GateException(r.code(), r.message());
    }
  }
}
