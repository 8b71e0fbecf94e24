package dev.atlasgate.mcp;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.util.Optional;

/**
 * The params of the MCP requests and notifications the gateway reads, as {@link McpCodec} reads
 * them.
 */
public final class McpRequest {
  public static final String INITIALIZE = "initialize";
  public static final String PING = "ping";
  public static final String TOOLS_LIST = "tools/list";
  public static final String TOOLS_CALL = "tools/call";
  public static final String PROMPTS_LIST = "prompts/list";
  public static final String PROMPTS_GET = "prompts/get";
  public static final String INITIALIZED = "notifications/initialized";
  public static final String CANCELLED = "notifications/cancelled";
  public static final String TOOLS_LIST_CHANGED = "notifications/tools/list_changed";

  private McpRequest() {}

  /** {@code initialize}: the revision the client asks for, when it names one. */
  public record Initialize(Optional<String> protocolVersion) {
    public Initialize {
      requireNonNull(protocolVersion, "protocolVersion is null");
    }
  }

  /** {@code tools/call}: the tool and its arguments ({@code {}} when absent). */
  public record CallTool(String name, JsonObject arguments) {
    public CallTool {
      requireNonNull(name, "name is null");
      requireNonNull(arguments, "arguments is null");
    }
  }

  /** {@code prompts/get}: the prompt's name ({@code ""} when absent). */
  public record GetPrompt(String name) {
    public GetPrompt {
      requireNonNull(name, "name is null");
    }
  }

  /** {@code notifications/cancelled}: the request to drop, when it names one. */
  public record Cancelled(Optional<Json> requestId) {
    public Cancelled {
      requireNonNull(requestId, "requestId is null");
    }
  }

  /** Params that do not have the shape their method asks for: answered {@code -32602}. */
  public static final class InvalidParams extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidParams(String message) {
      super("Invalid params: " + message);
    }

    /** The message made in the constructor: never null. */
    @Override
    public String getMessage() {
      return requireNonNull(super.getMessage());
    }
  }
}
