package dev.atlasgate.bootstrap.config;

import static java.util.Objects.requireNonNull;

/** A credential from the configuration: its {@code toString()} never shows it. */
public record Secret(String value) {
  public Secret {
    requireNonNull(value, "value is null");
  }

  @Override
  public String toString() {
    return "[REDACTED]";
  }
}
