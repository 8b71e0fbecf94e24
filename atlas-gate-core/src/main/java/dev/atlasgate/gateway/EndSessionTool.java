package dev.atlasgate.gateway;

import dev.atlasgate.json.JsonObject;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionStore;

/**
 * {@code end_session}: ends the governance session now rather than at idle expiry; afterwards it
 * answers {@code SESSION_EXPIRED}, and the connection may begin a new one.
 */
record EndSessionTool(SessionStore sessions) implements ToolHandler<Arguments.None> {
  static final String NAME = "end_session";

  static final ToolDeclaration<Arguments.None> DECLARATION =
      ToolDeclaration.of(
          NAME,
          "End session",
          "Ends the governance session; every later call with it answers SESSION_EXPIRED. A"
              + " session otherwise lives until it has been idle for SESSION_TTL_SECONDS, whatever"
              + " happens to the connection that began it.",
          Tools.BOTH,
          Arguments.none(),
          """
          {"type": "object", "additionalProperties": false, "required": ["session_id", "ended"],
           "properties": {"session_id": {"type": "string"}, "ended": {"type": "boolean"}}}
          """);

  @Override
  public Tool.Prepared prepare(Call<Arguments.None> call) {
    Session session = call.session();
    JsonObject result =
        JsonObject.builder().put("session_id", session.id().value()).put("ended", true).build();
    return Tool.Prepared.result(
        result,
        Tool.Effect.of(
            () -> {
              sessions.delete(session.id());
              call.context().binding().ended(session.id());
            }));
  }
}
