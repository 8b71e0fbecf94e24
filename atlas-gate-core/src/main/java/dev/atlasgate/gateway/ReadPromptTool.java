package dev.atlasgate.gateway;

import dev.atlasgate.json.JsonObject;
import java.util.Optional;

/** {@code read_prompt}: the operating rules of the session's role. */
record ReadPromptTool() implements Tool {
  private static final ToolDescriptor DESCRIPTOR =
      new ToolDescriptor(
          "read_prompt",
          "Read role rules",
          "Returns the operating rules of this session's role.",
          ToolDescriptor.schema(
              "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
                  + Tools.SESSION_ID_PROPERTY
                  + "}}"),
          ToolDescriptor.schema(
              """
              {"type": "object", "additionalProperties": false, "required": ["role", "prompt"],
               "properties": {"role": {"type": "string"}, "prompt": {"type": "string"}}}
              """),
          Tools.BOTH,
          false);

  @Override
  public ToolDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Prepared prepare(Invocation call) {
    var role = call.requireSession().role();
    String prompt = RolePrompts.text(role);
    JsonObject result = JsonObject.builder().put("role", role.name()).put("prompt", prompt).build();
    return new Prepared(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Effect.NONE,
        e -> result,
        Optional.of(prompt));
  }
}
