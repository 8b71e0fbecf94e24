package dev.atlasgate.store.postgres;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** Whether the database answers: for {@code /health} and readiness. */
public sealed interface DatabaseHealth {

  /** The server answered in {@code latency}. */
  record Up(Duration latency, String serverVersion) implements DatabaseHealth {
    public Up {
      requireNonNull(latency, "latency is null");
      requireNonNull(serverVersion, "serverVersion is null");
    }
  }

  /** The server could not be asked; {@code reason} names the URL (password hidden) and why. */
  record Down(String reason) implements DatabaseHealth {
    public Down {
      requireNonNull(reason, "reason is null");
    }
  }
}
