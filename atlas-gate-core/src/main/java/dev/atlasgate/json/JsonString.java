package dev.atlasgate.json;

import static java.util.Objects.requireNonNull;

/** A JSON string. */
public record JsonString(String value) implements Json {
  public JsonString {
    requireNonNull(value, "value is null");
  }

  @Override
  public String typeName() {
    return "string";
  }
}
