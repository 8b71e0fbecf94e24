package dev.atlasgate.json;

/** The JSON literal {@code null}. */
public enum JsonNull implements Json {
  INSTANCE;

  @Override
  public String typeName() {
    return "null";
  }
}
