package dev.atlasgate.mcp;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.util.Optional;

/**
 * A JSON-RPC 2.0 message as the gateway writes it; {@link McpCodec} turns it into JSON and back.
 */
public sealed interface JsonRpcMessage {

  /** A request to the peer: it expects a response with the same {@code id}. */
  record Request(Json id, String method, JsonObject params) implements JsonRpcMessage {
    public Request {
      requireNonNull(id, "id is null");
      requireNonNull(method, "method is null");
      requireNonNull(params, "params is null");
    }
  }

  /** A notification: no id, no response; empty {@code params} are not written. */
  record Notification(String method, JsonObject params) implements JsonRpcMessage {
    public Notification {
      requireNonNull(method, "method is null");
      requireNonNull(params, "params is null");
    }
  }

  /** The answer to a request: its result or its error. */
  sealed interface Response extends JsonRpcMessage {
    /** The id of the request answered; JSON {@code null} when the request's id was unreadable. */
    Json id();
  }

  /** A successful response. */
  record Success(Json id, JsonObject result) implements Response {
    public Success {
      requireNonNull(id, "id is null");
      requireNonNull(result, "result is null");
    }

    /** A response whose result is an MCP result. */
    public static Success of(Json id, McpResult result) {
      return new Success(id, McpCodec.write(result));
    }
  }

  /** An error response. */
  record Failure(Json id, ErrorObject error) implements Response {
    public Failure {
      requireNonNull(id, "id is null");
      requireNonNull(error, "error is null");
    }

    public static Failure of(Json id, int code, String message) {
      return new Failure(id, new ErrorObject(code, message, Optional.empty()));
    }
  }

  /** The {@code error} member of an error response; {@code data} is written only when present. */
  record ErrorObject(int code, String message, Optional<JsonObject> data) {
    public ErrorObject {
      requireNonNull(message, "message is null");
      requireNonNull(data, "data is null");
    }
  }
}
