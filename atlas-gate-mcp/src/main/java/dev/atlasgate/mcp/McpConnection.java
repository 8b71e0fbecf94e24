package dev.atlasgate.mcp;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.gateway.CallContext;
import dev.atlasgate.gateway.Gateway;
import dev.atlasgate.gateway.RolePrompts;
import dev.atlasgate.gateway.ToolDescriptor;
import dev.atlasgate.gateway.ToolResult;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import dev.atlasgate.session.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP protocol of one client connection, independent of the transport: lifecycle, tools and
 * prompts, mapped onto the governed {@link Gateway}.
 */
public final class McpConnection {
  private static final Logger LOG = LoggerFactory.getLogger(McpConnection.class);
  private static final String INSTRUCTIONS =
      "ATLAS-GATE governs this workspace. Call begin_session first; read_prompt gives the rules"
          + " of your role. Files are written only under an approved plan; every call is audited.";

  private final Gateway gateway;
  private final ServerInfo serverInfo;
  private final CallContext context;
  private final Outbound outbound;
  private final ProtocolExtension extension;
  private final AtomicReference<String> protocolVersion = new AtomicReference<>();

  public McpConnection(
      Gateway gateway, ServerInfo serverInfo, CallContext context, Outbound outbound) {
    this(gateway, serverInfo, context, outbound, Optional.empty(), ProtocolExtension.NONE);
  }

  /**
   * A connection whose {@code initialize} already happened, with {@code protocolVersion} negotiated
   * then (a transport that keeps the session elsewhere, such as Streamable HTTP), and {@code
   * extension} served beside the gateway.
   */
  public McpConnection(
      Gateway gateway,
      ServerInfo serverInfo,
      CallContext context,
      Outbound outbound,
      Optional<String> protocolVersion,
      ProtocolExtension extension) {
    this.protocolVersion.set(protocolVersion.orElse(null));
    this.extension = requireNonNull(extension, "extension is null");
    this.gateway = requireNonNull(gateway, "gateway is null");
    this.serverInfo = requireNonNull(serverInfo, "serverInfo is null");
    this.context = requireNonNull(context, "context is null");
    this.outbound = requireNonNull(outbound, "outbound is null");
  }

  /** The negotiated protocol revision, once {@code initialize} has been answered. */
  public Optional<String> protocolVersion() {
    return Optional.ofNullable(protocolVersion.get());
  }

  /** Answers a request; never throws for anything the client sent. */
  public JsonObject handle(Incoming.Request request) {
    try {
      return dispatch(request);
    } catch (RuntimeException e) {
      String correlationId = java.util.UUID.randomUUID().toString();
      LOG.error(
          "request {} ({}) failed; correlation id {}",
          request.id().write(),
          request.method(),
          correlationId,
          e);
      return JsonRpc.error(
          request.id(), JsonRpc.INTERNAL_ERROR, "Internal error; correlation id " + correlationId);
    }
  }

  /** Takes a notification; they need no answer. */
  public void handle(Incoming.Notification notification) {
    LOG.debug("notification {}", notification.method());
  }

  private JsonObject dispatch(Incoming.Request request) {
    Json id = request.id();
    String method = request.method();
    if (method.equals("initialize")) {
      return JsonRpc.result(id, initialize(request.params()));
    }
    if (method.equals("ping")) {
      return JsonRpc.result(id, JsonObject.EMPTY);
    }
    if (protocolVersion.get() == null) {
      return JsonRpc.error(
          id, JsonRpc.INVALID_REQUEST, "Invalid Request: send initialize before " + method);
    }
    Optional<JsonObject> extended = extension.handle(request, outbound);
    if (extended.isPresent()) {
      return extended.get();
    }
    return switch (method) {
      case "tools/list" -> JsonRpc.result(id, listTools());
      case "tools/call" -> callTool(id, request.params());
      case "prompts/list" -> JsonRpc.result(id, listPrompts());
      case "prompts/get" -> getPrompt(id, request.params());
      default -> JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method);
    };
  }

  private JsonObject initialize(JsonObject params) {
    String requested = params.string("protocolVersion").orElse(ProtocolVersions.LATEST);
    String version = ProtocolVersions.negotiate(requested);
    protocolVersion.set(version);
    JsonObject.Builder capabilities =
        JsonObject.builder()
            .put("tools", JsonObject.builder().put("listChanged", true).build())
            .put("prompts", JsonObject.builder().put("listChanged", false).build());
    extension.capabilities().forEach(capabilities::put);
    JsonObject info =
        JsonObject.builder()
            .put("name", serverInfo.name())
            .put("title", serverInfo.title())
            .put("version", serverInfo.version())
            .build();
    return JsonObject.builder()
        .put("protocolVersion", version)
        .put("capabilities", capabilities.build())
        .put("serverInfo", info)
        .put("instructions", INSTRUCTIONS)
        .build();
  }

  private JsonObject listTools() {
    Optional<Role> role = gateway.boundRole(context.binding());
    List<Json> tools = new ArrayList<>();
    gateway.tools(role).forEach(tool -> tools.add(toolJson(tool)));
    tools.addAll(extension.tools());
    return JsonObject.builder().put("tools", new JsonArray(tools)).build();
  }

  private static Json toolJson(ToolDescriptor tool) {
    return JsonObject.builder()
        .put("name", tool.name())
        .put("title", tool.title())
        .put("description", tool.description())
        .put("inputSchema", tool.inputSchema())
        .put("outputSchema", tool.outputSchema())
        .build();
  }

  private JsonObject callTool(Json id, JsonObject params) {
    if (!(params.get("name").orElse(null) instanceof JsonString name)) {
      return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params: name must be a string");
    }
    Json arguments = params.get("arguments").orElse(JsonObject.EMPTY);
    if (!(arguments instanceof JsonObject args)) {
      return JsonRpc.error(
          id, JsonRpc.INVALID_PARAMS, "Invalid params: arguments must be an object");
    }
    Optional<Role> roleBefore = gateway.boundRole(context.binding());
    ToolResult result = gateway.call(context, name.value(), args);
    if (gateway.settings().instanceRole().isEmpty()
        && !roleBefore.equals(gateway.boundRole(context.binding()))) {
      outbound.send(JsonRpc.notification("notifications/tools/list_changed", JsonObject.EMPTY));
    }
    return switch (result) {
      case ToolResult.Success success ->
          JsonRpc.result(id, toolResult(success.text(), success.structured(), false));
      case ToolResult.Refused refused -> {
        refused
            .cause()
            .ifPresent(
                cause ->
                    LOG.error(
                        "tool {} failed; correlation id {}",
                        name.value(),
                        refused.correlationId().orElse("-"),
                        cause));
        yield JsonRpc.result(id, toolResult(refused.text(), refused.toJson(), true));
      }
      case ToolResult.UnknownTool unknown ->
          JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown tool: " + unknown.name());
    };
  }

  private static JsonObject toolResult(String text, JsonObject structured, boolean isError) {
    JsonObject content = JsonObject.builder().put("type", "text").put("text", text).build();
    return JsonObject.builder()
        .put("content", JsonArray.of(content))
        .put("structuredContent", structured)
        .put("isError", isError)
        .build();
  }

  private JsonObject listPrompts() {
    List<Json> prompts =
        new ArrayList<>(
            Arrays.stream(Role.values())
                .map(
                    role ->
                        (Json)
                            JsonObject.builder()
                                .put("name", RolePrompts.promptName(role))
                                .put("title", "Rules of the " + role + " role")
                                .put(
                                    "description",
                                    "The operating rules of an " + role + " session.")
                                .build())
                .toList());
    prompts.addAll(extension.prompts());
    return JsonObject.builder().put("prompts", new JsonArray(prompts)).build();
  }

  private JsonObject getPrompt(Json id, JsonObject params) {
    String name = params.string("name").orElse("");
    for (Role role : Role.values()) {
      if (RolePrompts.promptName(role).equals(name.toLowerCase(Locale.ROOT))) {
        JsonObject message =
            JsonObject.builder()
                .put("role", "user")
                .put(
                    "content",
                    JsonObject.builder()
                        .put("type", "text")
                        .put("text", RolePrompts.text(role))
                        .build())
                .build();
        return JsonRpc.result(
            id,
            JsonObject.builder()
                .put("description", "The operating rules of an " + role + " session.")
                .put("messages", JsonArray.of(message))
                .build());
      }
    }
    return JsonRpc.error(
        id, JsonRpc.INVALID_PARAMS, "Invalid params: unknown prompt \"" + name + "\"");
  }
}
