package dev.atlasgate.gateway;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.plan.PlanHash;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.plan.StoredPlan;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;

/** Finding the plan a call names, with the refusals every plan-citing tool shares. */
final class PlanArguments {
  private PlanArguments() {}

  static StoredPlan find(PlanStore plans, Path workspace, String planHash) {
    return find(plans::find, workspace, planHash);
  }

  /** The plan {@code lookup} finds, or the refusal a caller of a missing or malformed one gets. */
  static StoredPlan find(
      BiFunction<Path, PlanHash, Optional<StoredPlan>> lookup, Path workspace, String planHash) {
    PlanHash hash =
        PlanHash.parse(planHash)
            .orElseThrow(
                () ->
                    new GateException(
                        ErrorCode.INVALID_ARGUMENT,
                        "arguments.plan_hash must be 64 lowercase hex digits (a SHA-256)"));
    return lookup
        .apply(workspace, hash)
        .orElseThrow(
            () ->
                new GateException(
                    ErrorCode.PLAN_NOT_FOUND, "no plan " + hash + " in workspace " + workspace));
  }
}
