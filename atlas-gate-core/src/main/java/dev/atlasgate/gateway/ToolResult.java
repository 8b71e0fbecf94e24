package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.json.JsonObject;
import java.util.Optional;

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

    /** {@code {"error": {"code", "message", ...details}}}. */
    public JsonObject toJson() {
      JsonObject.Builder error =
          JsonObject.builder().put("code", code.name()).put("message", message);
      details.forEach(error::put);
      correlationId.ifPresent(id -> error.put("correlation_id", id));
      return JsonObject.builder().put("error", error.build()).build();
    }

    /** The text block of a refusal: {@code [CODE] message}. */
    public String text() {
      return "[" + code.name() + "] " + message;
    }
  }

  /** No tool has this name: a protocol fault rather than a refusal. */
  record UnknownTool(String name) implements ToolResult {
    public UnknownTool {
      requireNonNull(name, "name is null");
    }
  }
}
