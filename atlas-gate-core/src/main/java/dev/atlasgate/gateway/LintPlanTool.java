package dev.atlasgate.gateway;

import dev.atlasgate.plan.PlanLinter;

/** {@code lint_plan}: checks a plan document without saving it. */
record LintPlanTool() implements Tool {
  private static final String FINDING =
      """
      {"type": "object", "additionalProperties": false,
       "required": ["code", "message", "pointer"],
       "properties": {"code": {"type": "string"}, "message": {"type": "string"},
         "pointer": {"type": "string"}}}
      """;

  static final String LINT_RESULT_SCHEMA =
      """
      {"type": "object", "additionalProperties": false,
       "required": ["passed", "errors", "warnings"],
       "properties": {"passed": {"type": "boolean"},
         "errors": {"type": "array", "items": %s},
         "warnings": {"type": "array", "items": %s}}}
      """
          .formatted(FINDING, FINDING);

  private static final ToolDescriptor DESCRIPTOR =
      new ToolDescriptor(
          "lint_plan",
          "Lint plan",
          "Checks a plan document and lists every finding with its code and JSON Pointer.",
          ToolDescriptor.schema(
              "{\"type\": \"object\", \"additionalProperties\": false,"
                  + " \"required\": [\"plan\"], \"properties\": {"
                  + "\"plan\": {\"type\": \"object\", \"description\": \"The plan document.\"},"
                  + Tools.SESSION_ID_PROPERTY
                  + "}}"),
          ToolDescriptor.schema(LINT_RESULT_SCHEMA),
          Tools.PLANNER,
          false);

  @Override
  public ToolDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Prepared prepare(Invocation call) {
    return Prepared.result(PlanLinter.lint(call.args().get("plan").orElseThrow()).toJson());
  }
}
