package dev.atlasgate.gateway;

import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.PlanStatus;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.plan.StoredPlan;
import java.util.Optional;

/** {@code list_plans}: the plans of the session's workspace, newest first. */
record ListPlansTool(PlanStore plans) implements ToolHandler<Optional<PlanStatus>> {
  static final ToolDeclaration<Optional<PlanStatus>> DECLARATION =
      ToolDeclaration.of(
          "list_plans",
          "List plans",
          "Lists the plans of this workspace with their status, newest first.",
          Tools.BOTH,
          Arguments.of(
              Arg.optionalEnum("status", PlanStatus.class, Optional.empty()), status -> status),
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
          """);

  @Override
  public Tool.Prepared prepare(Call<Optional<PlanStatus>> call) {
    var found = plans.list(call.session().workspaceRoot(), call.args());
    JsonArray list =
        new JsonArray(
            found.stream()
                .map(StoredPlan::summaryJson)
                .map(j -> (dev.atlasgate.json.Json) j)
                .toList());
    return Tool.Prepared.result(JsonObject.builder().put("plans", list).build());
  }
}
