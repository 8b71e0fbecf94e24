package dev.atlasgate.mcp;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;

/** A message received from the peer, classified by its JSON-RPC shape ({@link McpCodec#read}). */
public sealed interface Incoming {
  int MAX_DEPTH = 64;

  /** A request: it expects a response with the same id. */
  record Request(Json id, String method, JsonObject params) implements Incoming {}

  /** A notification: no id, no response. */
  record Notification(String method, JsonObject params) implements Incoming {}

  /** A response or error from the client to a request of ours; {@code message} is all of it. */
  record Response(Json id, JsonObject message) implements Incoming {}

  /** Not a valid message; answered with {@code error} and the id when one could be read. */
  record Invalid(Json id, int code, String message) implements Incoming {
    /** The error response that answers it. */
    public JsonRpcMessage.Failure answer() {
      return JsonRpcMessage.Failure.of(id, code, message);
    }
  }

  /** Parses and classifies one message. */
  static Incoming parse(String text) {
    return McpCodec.read(text);
  }

  /** Classifies a parsed message. */
  static Incoming classify(Json json) {
    return McpCodec.read(json);
  }
}
