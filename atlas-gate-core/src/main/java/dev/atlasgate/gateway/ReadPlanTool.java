package dev.atlasgate.gateway;

import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.plan.StoredPlan;

/** {@code read_plan}: one plan of the workspace, by hash, with its status. */
record ReadPlanTool(PlanStore plans) implements Tool {
  private static final ToolDescriptor DESCRIPTOR =
      new ToolDescriptor(
          "read_plan",
          "Read plan",
          "Returns the plan with this hash and its status.",
          ToolDescriptor.schema(
              "{\"type\": \"object\", \"additionalProperties\": false,"
                  + " \"required\": [\"plan_hash\"], \"properties\": {"
                  + "\"plan_hash\": {\"type\": \"string\", \"pattern\": \"^[0-9a-f]{64}$\"},"
                  + Tools.SESSION_ID_PROPERTY
                  + "}}"),
          ToolDescriptor.schema(
              """
              {"type": "object", "additionalProperties": false,
               "required": ["plan_hash", "status", "plan"],
               "properties": {"plan_hash": {"type": "string"},
                 "status": {"type": "string", "enum": ["DRAFT", "APPROVED", "REVOKED"]},
                 "plan": {"type": "object"}}}
              """),
          Tools.BOTH,
          false);

  @Override
  public ToolDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Prepared prepare(Invocation call) {
    StoredPlan plan =
        PlanArguments.find(
            plans,
            call.requireSession().workspaceRoot(),
            call.args().string("plan_hash").orElseThrow());
    return Prepared.result(
        JsonObject.builder()
            .put("plan_hash", plan.hash().value())
            .put("status", plan.status().name())
            .put("plan", plan.plan().document())
            .build());
  }
}
