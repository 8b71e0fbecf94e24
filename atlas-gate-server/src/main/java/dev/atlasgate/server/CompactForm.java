package dev.atlasgate.server;

import dev.atlasgate.gateway.CallContext;
import dev.atlasgate.gateway.Gateway;
import dev.atlasgate.gateway.Principal;
import dev.atlasgate.gateway.SessionBinding;
import dev.atlasgate.gateway.ToolResult;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.mcp.FaultLog;
import dev.atlasgate.session.SessionId;
import java.util.Optional;
import java.util.UUID;

/**
 * The seed's compact form on {@code /mcp}: {@code {"tool": NAME, ...arguments}} answered with
 * {@code {success, tool, result | error, request_id, duration_ms}}.
 *
 * <p>It keeps no connection: {@code begin_session} answers a {@code session_id} that later calls
 * pass as an argument.
 */
final class CompactForm {
  private static final SessionBinding STATELESS =
      new SessionBinding() {
        @Override
        public Optional<SessionId> current() {
          return Optional.empty();
        }

        @Override
        public void bind(SessionId id) {}
      };

  private final Gateway gateway;

  CompactForm(Gateway gateway) {
    this.gateway = gateway;
  }

  void handle(Exchange ex, Principal principal, JsonObject body) {
    long start = System.nanoTime();
    String requestId =
        ex.header("X-Request-Id")
            .filter(id -> id.length() <= 128)
            .orElseGet(() -> UUID.randomUUID().toString());
    Optional<String> tool = body.string("tool");
    if (tool.isEmpty()) {
      ex.json(
          400,
          JsonObject.builder()
              .put("success", false)
              .put("error", error("tool must be a string naming the tool to call"))
              .put("request_id", requestId)
              .put("duration_ms", (System.nanoTime() - start) / 1_000_000)
              .build());
      return;
    }
    ToolResult result =
        gateway.call(new CallContext(principal, STATELESS), tool.get(), body.without("tool"));
    JsonObject.Builder out = JsonObject.builder();
    int status =
        switch (result) {
          case ToolResult.Success success -> {
            out.put("success", true).put("tool", tool.get()).put("result", success.structured());
            yield 200;
          }
          case ToolResult.Refused refused -> {
            FaultLog.record(tool.get(), refused);
            out.put("success", false)
                .put("tool", tool.get())
                .put("error", refused.toJson().object("error").orElseThrow());
            yield switch (refused.code()) {
              case AUDIT_UNAVAILABLE, SESSION_STORE_UNAVAILABLE -> 503;
              case ROLE_FORBIDDEN -> 403;
              case INTERNAL_ERROR -> 500;
              default -> 200;
            };
          }
          case ToolResult.UnknownTool unknown -> {
            out.put("success", false)
                .put("tool", tool.get())
                .put("error", error("unknown tool " + unknown.name()));
            yield 400;
          }
        };
    ex.json(
        status,
        out.put("request_id", requestId)
            .put("duration_ms", (System.nanoTime() - start) / 1_000_000)
            .build());
  }

  private static JsonObject error(String message) {
    return JsonObject.builder().put("code", "INVALID_ARGUMENT").put("message", message).build();
  }
}
