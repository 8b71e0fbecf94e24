package dev.atlasgate.error;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.JsonObject;

/**
 * The root exception of the gateway: a refusal or failure carrying its {@link ErrorCode}.
 *
 * <p>Its message is written for the client and may be shown to it as is; it names the field, the
 * value or the limit involved, never a secret.
 */
public class GateException extends RuntimeException {
  private final ErrorCode code;

  public GateException(ErrorCode code, String message) {
    super(requireNonNull(message, "message is null"));
    this.code = requireNonNull(code, "code is null");
  }

  public GateException(ErrorCode code, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.code = requireNonNull(code, "code is null");
  }

  /** The message given to the constructor: never null. */
  @Override
  public String getMessage() {
    return requireNonNull(super.getMessage());
  }

  /** The code clients see. */
  public ErrorCode code() {
    return code;
  }

  /** Facts beside the message that help the client correct its call (such as lint findings). */
  public JsonObject details() {
    return JsonObject.EMPTY;
  }
}
