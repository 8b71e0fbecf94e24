package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.json.JsonObject;
import java.util.Optional;
import java.util.UUID;

/** What a tool call came to, for the transport to render. */
public sealed interface ToolResult {

  /** The call happened; {@code structured} is its result, {@code text} the same for reading. */
  record Success(JsonObject structured, String text) implements ToolResult {
    public Success {
      requireNonNull(structured, "structured is null");
      requireNonNull(text, "text is null");
    }
  }

  /**
   * The call was refused or failed, with a named code and a message meant for the caller.
   *
   * <p>{@code cause} is set only for unexpected failures, so the edge can log them under {@code
   * correlationId}; it never reaches the client.
   */
  record Refused(
      ErrorCode code,
      String message,
      JsonObject details,
      Optional<String> correlationId,
      Optional<Throwable> cause)
      implements ToolResult {
    public Refused {
      requireNonNull(code, "code is null");
      requireNonNull(message, "message is null");
      requireNonNull(details, "details is null");
      requireNonNull(correlationId, "correlationId is null");
      requireNonNull(cause, "cause is null");
    }

    public static Refused of(ErrorCode code, String message, JsonObject details) {
      return new Refused(code, message, details, Optional.empty(), Optional.empty());
    }

    /**
     * A failure of the server rather than of the call: the caller learns the code and a fresh
     * correlation id, never {@code cause}'s text (server paths, exception messages); the edge logs
     * {@code cause} under that id.
     */
    public static Refused fault(ErrorCode code, Throwable cause) {
      requireNonNull(cause, "cause is null");
      String correlationId = UUID.randomUUID().toString();
      String what =
          switch (code) {
            case AUDIT_UNAVAILABLE ->
                "the audit log cannot record this call, so it did not happen; retry later";
            case SESSION_STORE_UNAVAILABLE -> "the session store cannot be reached; retry later";
            default -> "internal error";
          };
      return new Refused(
          code,
          what + "; correlation id " + correlationId,
          JsonObject.EMPTY,
          Optional.of(correlationId),
          Optional.of(cause));
    }

    /** Whether refusals with {@code code} report a server fault, whose text stays in the log. */
    public static boolean isFault(ErrorCode code) {
      return code == ErrorCode.INTERNAL_ERROR
          || code == ErrorCode.AUDIT_UNAVAILABLE
          || code == ErrorCode.SESSION_STORE_UNAVAILABLE;
    }

    /** {@code {"error": {"code", "message", ...details}}}. */
    public JsonObject toJson() {
      JsonObject.Builder error =
          JsonObject.builder().put("code", code.name()).put("message", message);
      details.forEach(error::put);
      correlationId.ifPresent(id -> error.put("correlation_id", id));
      return JsonObject.builder().put("error", error.build()).build();
    }

    /**
     * The text block of a refusal: {@code [CODE] message}, then on the next line {@link #toJson()},
     * so that a client reading only text sees the code and the details.
     */
    public String text() {
      return "[" + code.name() + "] " + message + "\n" + toJson().write();
    }
  }

  /** No tool has this name: a protocol fault rather than a refusal. */
  record UnknownTool(String name) implements ToolResult {
    public UnknownTool {
      requireNonNull(name, "name is null");
    }
  }
}
