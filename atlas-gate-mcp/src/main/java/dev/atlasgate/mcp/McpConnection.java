package dev.atlasgate.mcp;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.gateway.CallContext;
import dev.atlasgate.gateway.Gateway;
import dev.atlasgate.gateway.RolePrompts;
import dev.atlasgate.gateway.ToolDescriptor;
import dev.atlasgate.gateway.ToolResult;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.session.Role;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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

  private final Supplier<Gateway> gateway;
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
   * A connection that answers {@code initialize} and {@code ping} at once and waits for {@code
   * gateway} (which may still be opening its stores) on the first request that needs it: a
   * transport whose client waits for the handshake before anything else (stdio at start).
   */
  public McpConnection(
      Supplier<Gateway> gateway, ServerInfo serverInfo, CallContext context, Outbound outbound) {
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
    this(
        constant(requireNonNull(gateway, "gateway is null")),
        serverInfo,
        context,
        outbound,
        protocolVersion,
        extension);
  }

  private McpConnection(
      Supplier<Gateway> gateway,
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
  public JsonRpcMessage.Response handle(Incoming.Request request) {
    try {
      return dispatch(request);
    } catch (McpRequest.InvalidParams e) {
      return JsonRpcMessage.Failure.of(request.id(), JsonRpc.INVALID_PARAMS, e.getMessage());
    } catch (RuntimeException e) {
      String correlationId = UUID.randomUUID().toString();
      LOG.error(
          "request {} ({}) failed; correlation id {}",
          request.id().write(),
          request.method(),
          correlationId,
          e);
      return JsonRpcMessage.Failure.of(
          request.id(), JsonRpc.INTERNAL_ERROR, "Internal error; correlation id " + correlationId);
    }
  }

  /** Takes a notification; they need no answer. */
  public void handle(Incoming.Notification notification) {
    LOG.debug("notification {}", notification.method());
  }

  private JsonRpcMessage.Response dispatch(Incoming.Request request) {
    Json id = request.id();
    String method = request.method();
    if (method.equals(McpRequest.INITIALIZE)) {
      return JsonRpcMessage.Success.of(id, initialize(McpCodec.readInitialize(request.params())));
    }
    if (method.equals(McpRequest.PING)) {
      return JsonRpcMessage.Success.of(id, new McpResult.Empty());
    }
    if (protocolVersion.get() == null) {
      return JsonRpcMessage.Failure.of(
          id, JsonRpc.INVALID_REQUEST, "Invalid Request: send initialize before " + method);
    }
    Optional<JsonObject> extended = extension.handle(request, outbound);
    if (extended.isPresent()) {
      return McpCodec.readResponse(extended.get());
    }
    return switch (method) {
      case McpRequest.TOOLS_LIST -> JsonRpcMessage.Success.of(id, listTools());
      case McpRequest.TOOLS_CALL -> callTool(id, McpCodec.readCallTool(request.params()));
      case McpRequest.PROMPTS_LIST -> JsonRpcMessage.Success.of(id, listPrompts());
      case McpRequest.PROMPTS_GET -> getPrompt(id, McpCodec.readGetPrompt(request.params()));
      default ->
          JsonRpcMessage.Failure.of(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method);
    };
  }

  private McpResult.Initialize initialize(McpRequest.Initialize params) {
    String version =
        ProtocolVersions.negotiate(params.protocolVersion().orElse(ProtocolVersions.LATEST));
    protocolVersion.set(version);
    return new McpResult.Initialize(
        version,
        new McpResult.ServerCapabilities(true, false, extension.capabilities()),
        serverInfo,
        INSTRUCTIONS);
  }

  private McpResult.ListTools listTools() {
    Gateway gateway = this.gateway.get();
    Optional<Role> role = gateway.boundRole(context.binding());
    return new McpResult.ListTools(
        gateway.tools(role).stream().map(McpConnection::definition).toList(), extension.tools());
  }

  private static McpResult.ToolDefinition definition(ToolDescriptor tool) {
    return new McpResult.ToolDefinition(
        tool.name(), tool.title(), tool.description(), tool.inputSchema(), tool.outputSchema());
  }

  private JsonRpcMessage.Response callTool(Json id, McpRequest.CallTool call) {
    Gateway gateway = this.gateway.get();
    Optional<Role> roleBefore = gateway.boundRole(context.binding());
    ToolResult result = gateway.call(context, call.name(), call.arguments());
    if (gateway.settings().instanceRole().isEmpty()
        && !roleBefore.equals(gateway.boundRole(context.binding()))) {
      outbound.send(
          new JsonRpcMessage.Notification(McpRequest.TOOLS_LIST_CHANGED, JsonObject.EMPTY));
    }
    return switch (result) {
      case ToolResult.Success success ->
          JsonRpcMessage.Success.of(
              id, McpResult.CallTool.success(success.text(), success.structured()));
      case ToolResult.Refused refused -> {
        FaultLog.record(call.name(), refused);
        yield JsonRpcMessage.Success.of(id, McpResult.CallTool.refusal(refused.text()));
      }
      case ToolResult.UnknownTool unknown ->
          JsonRpcMessage.Failure.of(id, JsonRpc.INVALID_PARAMS, "Unknown tool: " + unknown.name());
    };
  }

  private McpResult.ListPrompts listPrompts() {
    return new McpResult.ListPrompts(
        Arrays.stream(Role.values())
            .map(
                role ->
                    new McpResult.PromptDefinition(
                        RolePrompts.promptName(role),
                        "Rules of the " + role + " role",
                        promptDescription(role)))
            .toList(),
        extension.prompts());
  }

  private static String promptDescription(Role role) {
    return "The operating rules of an " + role + " session.";
  }

  private JsonRpcMessage.Response getPrompt(Json id, McpRequest.GetPrompt params) {
    String name = params.name();
    for (Role role : Role.values()) {
      if (RolePrompts.promptName(role).equals(name.toLowerCase(Locale.ROOT))) {
        McpResult.PromptMessage message =
            new McpResult.PromptMessage(
                "user", new McpResult.ContentBlock.Text(RolePrompts.text(role)));
        return JsonRpcMessage.Success.of(
            id, new McpResult.GetPrompt(promptDescription(role), List.of(message)));
      }
    }
    return JsonRpcMessage.Failure.of(
        id, JsonRpc.INVALID_PARAMS, "Invalid params: unknown prompt \"" + name + "\"");
  }

  private static Supplier<Gateway> constant(Gateway gateway) {
    return () -> gateway;
  }
}
