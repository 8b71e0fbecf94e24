package dev.atlasgate.bench;

import static java.util.Objects.requireNonNull;

/** A bearer token; its {@code toString()} never shows it. */
record Token(String value) {
  Token {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new BenchException("a token must not be empty");
    }
  }

  String header() {
    return "Bearer " + value;
  }

  @Override
  public String toString() {
    return "[REDACTED]";
  }
}
