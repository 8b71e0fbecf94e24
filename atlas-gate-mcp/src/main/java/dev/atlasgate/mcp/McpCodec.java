package dev.atlasgate.mcp;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonNull;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonParser;
import dev.atlasgate.json.JsonString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one place where JSON-RPC and MCP messages become JSON and JSON becomes messages: every member
 * name of the protocol is written here, once.
 */
public final class McpCodec {
  private static final String VERSION = "2.0";

  private McpCodec() {}

  /** {@code message} as JSON, members in the order the protocol's examples show them. */
  public static JsonObject write(JsonRpcMessage message) {
    JsonObject.Builder json = JsonObject.builder().put("jsonrpc", VERSION);
    return switch (message) {
      case JsonRpcMessage.Request r ->
          json.put("id", r.id()).put("method", r.method()).put("params", r.params()).build();
      case JsonRpcMessage.Notification n -> {
        json.put("method", n.method());
        yield n.params().size() > 0 ? json.put("params", n.params()).build() : json.build();
      }
      case JsonRpcMessage.Success s -> json.put("id", s.id()).put("result", s.result()).build();
      case JsonRpcMessage.Failure f ->
          json.put("id", f.id()).put("error", write(f.error())).build();
    };
  }

  private static JsonObject write(JsonRpcMessage.ErrorObject error) {
    return JsonObject.builder()
        .put("code", error.code())
        .put("message", error.message())
        .putIfPresent("data", error.data())
        .build();
  }

  /** {@code result} as the {@code result} member of a response. */
  public static JsonObject write(McpResult result) {
    return switch (result) {
      case McpResult.Empty e -> JsonObject.EMPTY;
      case McpResult.Initialize i ->
          JsonObject.builder()
              .put("protocolVersion", i.protocolVersion())
              .put("capabilities", write(i.capabilities()))
              .put("serverInfo", write(i.serverInfo()))
              .put("instructions", i.instructions())
              .build();
      case McpResult.ListTools l -> listOf("tools", l.tools(), McpCodec::write, l.extensionTools());
      case McpResult.CallTool c ->
          JsonObject.builder()
              .put(
                  "content",
                  new JsonArray(c.content().stream().<Json>map(McpCodec::write).toList()))
              .putIfPresent("structuredContent", c.structuredContent())
              .put("isError", c.isError())
              .build();
      case McpResult.ListPrompts l ->
          listOf("prompts", l.prompts(), McpCodec::write, l.extensionPrompts());
      case McpResult.GetPrompt g ->
          JsonObject.builder()
              .put("description", g.description())
              .put(
                  "messages",
                  new JsonArray(g.messages().stream().<Json>map(McpCodec::write).toList()))
              .build();
    };
  }

  private static <T> JsonObject listOf(
      String member,
      List<T> items,
      java.util.function.Function<T, JsonObject> writer,
      List<JsonObject> extra) {
    List<Json> all = new ArrayList<>(items.size() + extra.size());
    items.forEach(item -> all.add(writer.apply(item)));
    all.addAll(extra);
    return JsonObject.builder().put(member, new JsonArray(all)).build();
  }

  private static JsonObject write(McpResult.ServerCapabilities capabilities) {
    JsonObject.Builder json =
        JsonObject.builder()
            .put("tools", listChanged(capabilities.toolsListChanged()))
            .put("prompts", listChanged(capabilities.promptsListChanged()));
    capabilities.extensions().forEach(json::put);
    return json.build();
  }

  private static JsonObject listChanged(boolean listChanged) {
    return JsonObject.builder().put("listChanged", listChanged).build();
  }

  private static JsonObject write(ServerInfo info) {
    return JsonObject.builder()
        .put("name", info.name())
        .put("title", info.title())
        .put("version", info.version())
        .build();
  }

  private static JsonObject write(McpResult.ToolDefinition tool) {
    return JsonObject.builder()
        .put("name", tool.name())
        .put("title", tool.title())
        .put("description", tool.description())
        .put("inputSchema", tool.inputSchema())
        .put("outputSchema", tool.outputSchema())
        .build();
  }

  private static JsonObject write(McpResult.PromptDefinition prompt) {
    return JsonObject.builder()
        .put("name", prompt.name())
        .put("title", prompt.title())
        .put("description", prompt.description())
        .build();
  }

  private static JsonObject write(McpResult.PromptMessage message) {
    return JsonObject.builder()
        .put("role", message.role())
        .put("content", write(message.content()))
        .build();
  }

  private static JsonObject write(McpResult.ContentBlock block) {
    return switch (block) {
      case McpResult.ContentBlock.Text t ->
          JsonObject.builder().put("type", "text").put("text", t.text()).build();
    };
  }

  /** Parses and classifies one message of the peer. */
  public static Incoming read(String text) {
    Json json;
    try {
      json = JsonParser.parse(text, Incoming.MAX_DEPTH);
    } catch (JsonException e) {
      return new Incoming.Invalid(
          JsonNull.INSTANCE, JsonRpc.PARSE_ERROR, "Parse error: " + e.getMessage());
    }
    return read(json);
  }

  /** Classifies a parsed message of the peer by its JSON-RPC shape. */
  public static Incoming read(Json json) {
    if (json instanceof JsonArray) {
      return invalid(JsonNull.INSTANCE, "batches are not supported");
    }
    if (!(json instanceof JsonObject message)) {
      return invalid(JsonNull.INSTANCE, "a message is an object");
    }
    @Nullable Json id = message.get("id").orElse(null);
    Json reportedId = id != null && validId(id) ? id : JsonNull.INSTANCE;
    if (!message.string("jsonrpc").filter(VERSION::equals).isPresent()) {
      return invalid(reportedId, "jsonrpc must be \"2.0\"");
    }
    if (id != null && !validId(id)) {
      return invalid(JsonNull.INSTANCE, "id must be a string or an integer");
    }
    if (!message.has("method")) {
      if (id != null && (message.has("result") || message.has("error"))) {
        return new Incoming.Response(id, message);
      }
      return invalid(reportedId, "method is missing");
    }
    if (!(message.get("method").get() instanceof JsonString method)) {
      return invalid(reportedId, "method must be a string");
    }
    if (!(message.get("params").orElse(JsonObject.EMPTY) instanceof JsonObject params)) {
      return new Incoming.Invalid(
          reportedId, JsonRpc.INVALID_PARAMS, "Invalid params: params must be an object");
    }
    return id == null
        ? new Incoming.Notification(method.value(), params)
        : new Incoming.Request(id, method.value(), params);
  }

  private static Incoming.Invalid invalid(Json id, String why) {
    return new Incoming.Invalid(id, JsonRpc.INVALID_REQUEST, "Invalid Request: " + why);
  }

  private static boolean validId(Json id) {
    return id instanceof JsonString || (id instanceof JsonNumber n && n.isIntegral());
  }

  /** A response as a message: its result, or its error (code, message and data). */
  public static JsonRpcMessage.Response readResponse(JsonObject json) {
    Json id = json.get("id").orElse(JsonNull.INSTANCE);
    Optional<JsonObject> result = json.object("result");
    if (result.isPresent()) {
      return new JsonRpcMessage.Success(id, result.get());
    }
    JsonObject error =
        json.object("error")
            .orElseThrow(() -> new IllegalArgumentException("a response has a result or an error"));
    int code =
        error.get("code").orElse(null) instanceof JsonNumber n
            ? n.value().intValue()
            : JsonRpc.INTERNAL_ERROR;
    return new JsonRpcMessage.Failure(
        id,
        new JsonRpcMessage.ErrorObject(
            code, error.string("message").orElse(""), error.object("data")));
  }

  /** The params of {@code initialize}. */
  public static McpRequest.Initialize readInitialize(JsonObject params) {
    return new McpRequest.Initialize(params.string("protocolVersion"));
  }

  /** The params of {@code tools/call}; throws {@link McpRequest.InvalidParams} when misshapen. */
  public static McpRequest.CallTool readCallTool(JsonObject params) {
    if (!(params.get("name").orElse(null) instanceof JsonString name)) {
      throw new McpRequest.InvalidParams("name must be a string");
    }
    if (!(params.get("arguments").orElse(JsonObject.EMPTY) instanceof JsonObject arguments)) {
      throw new McpRequest.InvalidParams("arguments must be an object");
    }
    return new McpRequest.CallTool(name.value(), arguments);
  }

  /** The params of {@code prompts/get}. */
  public static McpRequest.GetPrompt readGetPrompt(JsonObject params) {
    return new McpRequest.GetPrompt(params.string("name").orElse(""));
  }

  /** The params of {@code notifications/cancelled}. */
  public static McpRequest.Cancelled readCancelled(JsonObject params) {
    return new McpRequest.Cancelled(params.get("requestId"));
  }

  /** The revision an {@code initialize} result names, when it names one. */
  public static Optional<String> readProtocolVersion(JsonObject initializeResult) {
    return initializeResult.string("protocolVersion");
  }

  /**
   * The gateway's code of an HTTP-layer error: {@code error.data.code}, else {@code error.code}.
   */
  public static Optional<String> readGatewayCode(JsonObject error) {
    return error.object("data").flatMap(d -> d.string("code")).or(() -> error.string("code"));
  }
}
