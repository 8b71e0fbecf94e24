package dev.atlasgate.gateway;

import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.PlanLinter;

/** {@code lint_plan}: checks a plan document without saving it. */
record LintPlanTool() implements ToolHandler<JsonObject> {
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

  static final ToolDeclaration<JsonObject> DECLARATION =
      ToolDeclaration.of(
          "lint_plan",
          "Lint plan",
          "Checks a plan document and lists every finding with its code and JSON Pointer.",
          Tools.PLANNER,
          Arguments.of(Tools.PLAN, plan -> plan),
          LINT_RESULT_SCHEMA);

  @Override
  public Tool.Prepared prepare(Call<JsonObject> call) {
    return Tool.Prepared.result(PlanLinter.lint(call.args()).toJson());
  }
}
