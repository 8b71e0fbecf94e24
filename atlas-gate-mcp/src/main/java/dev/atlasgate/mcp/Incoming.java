package dev.atlasgate.mcp;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonNull;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonParser;
import dev.atlasgate.json.JsonString;

/** A message received from the client, classified by its JSON-RPC shape. */
public sealed interface Incoming {
  int MAX_DEPTH = 64;

  /** A request: it expects a response with the same id. */
  record Request(Json id, String method, JsonObject params) implements Incoming {}

  /** A notification: no id, no response. */
  record Notification(String method, JsonObject params) implements Incoming {}

  /** A response or error from the client to a request of ours; {@code message} is all of it. */
  record Response(Json id, JsonObject message) implements Incoming {}

  /** Not a valid message; answered with {@code error} and the id when one could be read. */
  record Invalid(Json id, int code, String message) implements Incoming {}

  /** Parses and classifies one message. */
  static Incoming parse(String text) {
    Json json;
    try {
      json = JsonParser.parse(text, MAX_DEPTH);
    } catch (JsonException e) {
      return new Invalid(JsonNull.INSTANCE, JsonRpc.PARSE_ERROR, "Parse error: " + e.getMessage());
    }
    return classify(json);
  }

  /** Classifies a parsed message. */
  static Incoming classify(Json json) {
    if (json instanceof JsonArray) {
      return new Invalid(
          JsonNull.INSTANCE, JsonRpc.INVALID_REQUEST, "Invalid Request: batches are not supported");
    }
    if (!(json instanceof JsonObject message)) {
      return new Invalid(
          JsonNull.INSTANCE, JsonRpc.INVALID_REQUEST, "Invalid Request: a message is an object");
    }
    Json id = message.get("id").orElse(null);
    Json reportedId = validId(id) ? id : JsonNull.INSTANCE;
    if (!message.string("jsonrpc").filter("2.0"::equals).isPresent()) {
      return new Invalid(
          reportedId, JsonRpc.INVALID_REQUEST, "Invalid Request: jsonrpc must be \"2.0\"");
    }
    if (id != null && !validId(id)) {
      return new Invalid(
          JsonNull.INSTANCE,
          JsonRpc.INVALID_REQUEST,
          "Invalid Request: id must be a string or an integer");
    }
    if (!message.has("method")) {
      if (id != null && (message.has("result") || message.has("error"))) {
        return new Response(id, message);
      }
      return new Invalid(reportedId, JsonRpc.INVALID_REQUEST, "Invalid Request: method is missing");
    }
    if (!(message.get("method").get() instanceof JsonString method)) {
      return new Invalid(
          reportedId, JsonRpc.INVALID_REQUEST, "Invalid Request: method must be a string");
    }
    Json params = message.get("params").orElse(JsonObject.EMPTY);
    if (!(params instanceof JsonObject paramsObject)) {
      return new Invalid(
          reportedId, JsonRpc.INVALID_PARAMS, "Invalid params: params must be an object");
    }
    return id == null
        ? new Notification(method.value(), paramsObject)
        : new Request(id, method.value(), paramsObject);
  }

  private static boolean validId(Json id) {
    return id instanceof JsonString || (id instanceof JsonNumber n && n.isIntegral());
  }
}
