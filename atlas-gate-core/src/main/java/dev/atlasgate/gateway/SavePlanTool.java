package dev.atlasgate.gateway;

import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.Plan;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.session.Session;
import java.util.Optional;

/** {@code save_plan}: stores a plan that passes lint, as a DRAFT addressed by its hash. */
record SavePlanTool(PlanStore plans) implements Tool {
  private static final ToolDescriptor DESCRIPTOR =
      new ToolDescriptor(
          "save_plan",
          "Save plan",
          "Lints and stores a plan as a DRAFT; answers its hash (SHA-256 of its RFC 8785"
              + " canonical JSON). A human must approve it before any write may cite it.",
          ToolDescriptor.schema(
              "{\"type\": \"object\", \"additionalProperties\": false,"
                  + " \"required\": [\"plan\"], \"properties\": {"
                  + "\"plan\": {\"type\": \"object\", \"description\": \"The plan document.\"},"
                  + Tools.SESSION_ID_PROPERTY
                  + "}}"),
          ToolDescriptor.schema(
              """
              {"type": "object", "additionalProperties": false, "required": ["plan_hash", "status"],
               "properties": {"plan_hash": {"type": "string"},
                 "status": {"type": "string", "enum": ["DRAFT", "APPROVED", "REVOKED"]}}}
              """),
          Tools.PLANNER,
          false);

  @Override
  public ToolDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Prepared prepare(Invocation call) {
    Session session = call.requireSession();
    Plan plan = Plan.parse(call.args().object("plan").orElseThrow());
    String hash = plan.hash().value();
    var existing = plans.find(session.workspaceRoot(), plan.hash());
    String status = existing.map(p -> p.status().name()).orElse("DRAFT");
    JsonObject result = JsonObject.builder().put("plan_hash", hash).put("status", status).build();
    return new Prepared(
        Optional.empty(),
        Optional.of(hash),
        Optional.empty(),
        Effect.of(() -> plans.save(session.workspaceRoot(), plan, session.principal(), call.now())),
        entry -> result,
        Optional.empty());
  }
}
