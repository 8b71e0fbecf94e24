package dev.atlasgate.plan;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** The status rules every plan store applies: DRAFT → APPROVED → REVOKED, DRAFT → REVOKED. */
public final class PlanTransitions {
  private PlanTransitions() {}

  /** {@code current} approved, or the refusal that says why it cannot be. */
  public static StoredPlan approve(
      Path workspace, PlanHash hash, Optional<StoredPlan> current, String approver, Instant at) {
    StoredPlan plan = require(workspace, hash, current);
    return switch (plan.status()) {
      case DRAFT -> plan.approved(approver, at);
      case APPROVED ->
          throw new GateException(
              ErrorCode.INVALID_ARGUMENT,
              "plan "
                  + hash
                  + " is already approved by "
                  + plan.approvedBy().orElse("?")
                  + " at "
                  + plan.approvedAt().map(Instant::toString).orElse("?"));
      case REVOKED ->
          throw new GateException(
              ErrorCode.INVALID_ARGUMENT,
              "plan "
                  + hash
                  + " is REVOKED; revoked plans cannot be approved again: save a new version");
    };
  }

  /** {@code current} revoked, or the refusal that says why it cannot be. */
  public static StoredPlan revoke(
      Path workspace, PlanHash hash, Optional<StoredPlan> current, String actor, Instant at) {
    StoredPlan plan = require(workspace, hash, current);
    if (plan.status() == PlanStatus.REVOKED) {
      throw new GateException(ErrorCode.INVALID_ARGUMENT, "plan " + hash + " is already REVOKED");
    }
    return plan.revoked(actor, at);
  }

  private static StoredPlan require(Path workspace, PlanHash hash, Optional<StoredPlan> current) {
    return current.orElseThrow(
        () ->
            new GateException(
                ErrorCode.PLAN_NOT_FOUND, "no plan " + hash + " in workspace " + workspace));
  }
}
