package dev.atlasgate.json;

import static java.util.Objects.requireNonNull;

/** A text that is not valid JSON, or a value that JSON cannot represent. */
public final class JsonException extends RuntimeException {
  public JsonException(String message) {
    super(requireNonNull(message, "message is null"));
  }

  /** The message given to the constructor: never null. */
  @Override
  public String getMessage() {
    return requireNonNull(super.getMessage());
  }
}
