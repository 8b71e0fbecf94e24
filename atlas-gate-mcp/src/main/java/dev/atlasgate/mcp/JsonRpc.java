package dev.atlasgate.mcp;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonNull;
import dev.atlasgate.json.JsonObject;
import java.util.Optional;

/**
 * The JSON-RPC 2.0 error codes MCP uses, and JSON of {@link JsonRpcMessage}s for code that answers
 * with hand-made results (the conformance fixtures).
 */
public final class JsonRpc {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;

  /** An implementation-defined server error (the range -32000 to -32099): refused, try later. */
  public static final int SERVER_ERROR = -32000;

  /** The MCP session named in {@code Mcp-Session-Id} is unknown or expired (as the SDKs answer). */
  public static final int SESSION_NOT_FOUND = -32001;

  private JsonRpc() {}

  public static JsonObject result(Json id, JsonObject result) {
    return McpCodec.write(new JsonRpcMessage.Success(id, result));
  }

  public static JsonObject error(Json id, int code, String message) {
    return error(id, code, message, JsonObject.EMPTY);
  }

  /** An error response; {@code id} may be {@code null} (unknown), {@code data} empty (none). */
  public static JsonObject error(Json id, int code, String message, JsonObject data) {
    return McpCodec.write(
        new JsonRpcMessage.Failure(
            id == null ? JsonNull.INSTANCE : id,
            new JsonRpcMessage.ErrorObject(
                code, message, data.size() > 0 ? Optional.of(data) : Optional.empty())));
  }

  public static JsonObject request(Json id, String method, JsonObject params) {
    return McpCodec.write(new JsonRpcMessage.Request(id, method, params));
  }

  public static JsonObject notification(String method, JsonObject params) {
    return McpCodec.write(new JsonRpcMessage.Notification(method, params));
  }
}
