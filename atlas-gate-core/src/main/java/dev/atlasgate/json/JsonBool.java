package dev.atlasgate.json;

/** A JSON {@code true} or {@code false}. */
public enum JsonBool implements Json {
  TRUE,
  FALSE;

  public boolean value() {
    return this == TRUE;
  }

  @Override
  public String typeName() {
    return "boolean";
  }
}
