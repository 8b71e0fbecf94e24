package dev.atlasgate.json;

/** A text that is not valid JSON, or a value that JSON cannot represent. */
public final class JsonException extends RuntimeException {
  public JsonException(String message) {
    super(message);
  }
}
