package dev.atlasgate.gateway;

import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.PlanStatus;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.plan.StoredPlan;

/** {@code list_plans}: the plans of the session's workspace, newest first. */
record ListPlansTool(PlanStore plans) implements Tool {
  private static final ToolDescriptor DESCRIPTOR =
      new ToolDescriptor(
          "list_plans",
          "List plans",
          "Lists the plans of this workspace with their status, newest first.",
          ToolDescriptor.schema(
              "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
                  + "\"status\": {\"type\": \"string\", \"enum\": [\"DRAFT\", \"APPROVED\","
                  + " \"REVOKED\"]},"
                  + Tools.SESSION_ID_PROPERTY
                  + "}}"),
          ToolDescriptor.schema(
              """
              {"type": "object", "additionalProperties": false, "required": ["plans"],
               "properties": {"plans": {"type": "array", "items": {
                 "type": "object", "additionalProperties": false,
                 "required": ["plan_hash", "plan_id", "version", "title", "status", "created_at"],
                 "properties": {
                   "plan_hash": {"type": "string"}, "plan_id": {"type": "string"},
                   "version": {"type": "integer"}, "title": {"type": "string"},
                   "status": {"type": "string", "enum": ["DRAFT", "APPROVED", "REVOKED"]},
                   "created_at": {"type": "string"}, "approved_by": {"type": "string"},
                   "approved_at": {"type": "string"}, "revoked_by": {"type": "string"},
                   "revoked_at": {"type": "string"}}}}}}
              """),
          Tools.BOTH,
          false);

  @Override
  public ToolDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Prepared prepare(Invocation call) {
    var status = call.args().string("status").map(PlanStatus::valueOf);
    var found = plans.list(call.requireSession().workspaceRoot(), status);
    JsonArray list =
        new JsonArray(
            found.stream()
                .map(StoredPlan::summaryJson)
                .map(j -> (dev.atlasgate.json.Json) j)
                .toList());
    return Prepared.result(JsonObject.builder().put("plans", list).build());
  }
}
