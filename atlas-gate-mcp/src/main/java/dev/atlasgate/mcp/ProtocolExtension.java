package dev.atlasgate.mcp;

import dev.atlasgate.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * Protocol features served beside the governed gateway by a {@link McpConnection}: capabilities,
 * tools, prompts and methods of its own. The gateway needs none; the conformance fixtures use it.
 */
public interface ProtocolExtension {
  ProtocolExtension NONE = new ProtocolExtension() {};

  /** Capabilities added to the answer of {@code initialize}. */
  default JsonObject capabilities() {
    return JsonObject.EMPTY;
  }

  /** Tool definitions added to {@code tools/list}. */
  default List<JsonObject> tools() {
    return List.of();
  }

  /** Prompt definitions added to {@code prompts/list}. */
  default List<JsonObject> prompts() {
    return List.of();
  }

  /**
   * The answer to {@code request} when it is this extension's (a call of one of its tools, one of
   * its prompts, a method of its own), or empty to let the connection answer.
   */
  default Optional<JsonObject> handle(Incoming.Request request, Outbound client) {
    return Optional.empty();
  }
}
