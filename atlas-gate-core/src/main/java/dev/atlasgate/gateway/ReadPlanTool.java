package dev.atlasgate.gateway;

import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.plan.StoredPlan;

/** {@code read_plan}: one plan of the workspace, by hash, with its status. */
record ReadPlanTool(PlanStore plans) implements ToolHandler<String> {
  static final ToolDeclaration<String> DECLARATION =
      ToolDeclaration.of(
          "read_plan",
          "Read plan",
          "Returns the plan with this hash and its status.",
          Tools.BOTH,
          Arguments.of(Tools.PLAN_HASH, planHash -> planHash),
          """
          {"type": "object", "additionalProperties": false,
           "required": ["plan_hash", "status", "plan"],
           "properties": {"plan_hash": {"type": "string"},
             "status": {"type": "string", "enum": ["DRAFT", "APPROVED", "REVOKED"]},
             "plan": {"type": "object"}}}
          """);

  @Override
  public Tool.Prepared prepare(Call<String> call) {
    StoredPlan plan = PlanArguments.find(plans, call.session().workspaceRoot(), call.args());
    return Tool.Prepared.result(
        JsonObject.builder()
            .put("plan_hash", plan.hash().value())
            .put("status", plan.status().name())
            .put("plan", plan.plan().document())
            .build());
  }
}
