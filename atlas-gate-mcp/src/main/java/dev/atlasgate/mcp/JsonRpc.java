package dev.atlasgate.mcp;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonNull;
import dev.atlasgate.json.JsonObject;

/** JSON-RPC 2.0 message shapes and the error codes MCP uses. */
public final class JsonRpc {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;

  private JsonRpc() {}

  public static JsonObject result(Json id, JsonObject result) {
    return JsonObject.builder().put("jsonrpc", "2.0").put("id", id).put("result", result).build();
  }

  public static JsonObject error(Json id, int code, String message) {
    return error(id, code, message, JsonObject.EMPTY);
  }

  public static JsonObject error(Json id, int code, String message, JsonObject data) {
    JsonObject.Builder error = JsonObject.builder().put("code", code).put("message", message);
    if (data.size() > 0) {
      error.put("data", data);
    }
    return JsonObject.builder()
        .put("jsonrpc", "2.0")
        .put("id", id == null ? JsonNull.INSTANCE : id)
        .put("error", error.build())
        .build();
  }

  public static JsonObject request(Json id, String method, JsonObject params) {
    return JsonObject.builder()
        .put("jsonrpc", "2.0")
        .put("id", id)
        .put("method", method)
        .put("params", params)
        .build();
  }

  public static JsonObject notification(String method, JsonObject params) {
    JsonObject.Builder message = JsonObject.builder().put("jsonrpc", "2.0").put("method", method);
    if (params.size() > 0) {
      message.put("params", params);
    }
    return message.build();
  }
}
