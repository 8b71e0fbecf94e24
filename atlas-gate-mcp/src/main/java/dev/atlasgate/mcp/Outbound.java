package dev.atlasgate.mcp;

import dev.atlasgate.json.JsonObject;

/**
 * Where a connection sends messages the client did not ask for: notifications, and on transports
 * that can carry them, requests to the client.
 */
@FunctionalInterface
public interface Outbound {
  Outbound DISCARD = message -> {};

  void send(JsonRpcMessage message);

  /**
   * Sends a request to the client and waits for its answer: the whole response message, with {@code
   * result} or {@code error}.
   *
   * @throws UnsupportedOperationException when this transport cannot carry requests to the client
   */
  default JsonObject request(String method, JsonObject params) {
    throw new UnsupportedOperationException(
        "this transport cannot carry a " + method + " request to the client");
  }
}
