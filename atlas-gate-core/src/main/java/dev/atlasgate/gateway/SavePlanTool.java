package dev.atlasgate.gateway;

import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.Plan;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.session.Session;
import java.util.Optional;

/** {@code save_plan}: stores a plan that passes lint, as a DRAFT addressed by its hash. */
record SavePlanTool(PlanStore plans) implements ToolHandler<JsonObject> {
  static final ToolDeclaration<JsonObject> DECLARATION =
      ToolDeclaration.of(
          "save_plan",
          "Save plan",
          "Lints and stores a plan as a DRAFT; answers its hash (SHA-256 of its RFC 8785"
              + " canonical JSON). A human must approve it before any write may cite it.",
          Tools.PLANNER,
          Arguments.of(Tools.PLAN, plan -> plan),
          """
          {"type": "object", "additionalProperties": false, "required": ["plan_hash", "status"],
           "properties": {"plan_hash": {"type": "string"},
             "status": {"type": "string", "enum": ["DRAFT", "APPROVED", "REVOKED"]}}}
          """);

  @Override
  public Tool.Prepared prepare(Call<JsonObject> call) {
    Session session = call.session();
    Plan plan = Plan.parse(call.args());
    String hash = plan.hash().value();
    var existing = plans.find(session.workspaceRoot(), plan.hash());
    String status = existing.map(p -> p.status().name()).orElse("DRAFT");
    JsonObject result = JsonObject.builder().put("plan_hash", hash).put("status", status).build();
    return new Tool.Prepared(
        Optional.empty(),
        Optional.of(hash),
        Optional.empty(),
        Tool.Effect.of(
            () -> plans.save(session.workspaceRoot(), plan, session.principal(), call.now())),
        entry -> result,
        Optional.empty());
  }
}
