package dev.atlasgate.mcp;

import dev.atlasgate.json.JsonObject;

/** Where a connection sends messages the client did not ask for (notifications). */
@FunctionalInterface
public interface Outbound {
  Outbound DISCARD = message -> {};

  void send(JsonObject message);
}
