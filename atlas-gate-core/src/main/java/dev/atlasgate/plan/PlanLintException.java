package dev.atlasgate.plan;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.JsonObject;

/** A plan that does not pass lint; its details carry every finding. */
final class PlanLintException extends GateException {
  private final transient LintReport report;

  public PlanLintException(LintReport report) {
    super(ErrorCode.PLAN_LINT_FAILED, message(report));
    this.report = report;
  }

  public LintReport report() {
    return report;
  }

  @Override
  public JsonObject details() {
    JsonObject json = report.toJson();
    return JsonObject.builder()
        .put("errors", json.get("errors").orElseThrow())
        .put("warnings", json.get("warnings").orElseThrow())
        .build();
  }

  private static String message(LintReport report) {
    Finding first = report.errors().getFirst();
    return "plan has "
        + report.errors().size()
        + " lint error"
        + (report.errors().size() == 1 ? "" : "s")
        + "; first: "
        + first.code()
        + " at \""
        + first.pointer()
        + "\": "
        + first.message();
  }
}
