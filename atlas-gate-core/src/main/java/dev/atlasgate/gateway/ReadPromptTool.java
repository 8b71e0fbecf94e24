package dev.atlasgate.gateway;

import dev.atlasgate.json.JsonObject;
import java.util.Optional;

/** {@code read_prompt}: the operating rules of the session's role. */
record ReadPromptTool() implements ToolHandler<Arguments.None> {
  static final ToolDeclaration<Arguments.None> DECLARATION =
      ToolDeclaration.of(
          "read_prompt",
          "Read role rules",
          "Returns the operating rules of this session's role.",
          Tools.BOTH,
          Arguments.none(),
          """
          {"type": "object", "additionalProperties": false, "required": ["role", "prompt"],
           "properties": {"role": {"type": "string"}, "prompt": {"type": "string"}}}
          """);

  @Override
  public Tool.Prepared prepare(Call<Arguments.None> call) {
    var role = call.session().role();
    String prompt = RolePrompts.text(role);
    JsonObject result = JsonObject.builder().put("role", role.name()).put("prompt", prompt).build();
    return new Tool.Prepared(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Tool.Effect.NONE,
        e -> result,
        Optional.of(prompt));
  }
}
