package dev.atlasgate.policy;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.plan.Plan;
import dev.atlasgate.plan.PlanStatus;
import dev.atlasgate.plan.StoredPlan;
import dev.atlasgate.workspace.Glob;
import java.util.List;
import java.util.Optional;

/**
 * Whether a plan authorises a write: the plan must be approved, the phase must exist, and the path
 * must match the plan's {@code scope.allow}, no {@code scope.deny}, and the phase's {@code allow}
 * where the phase has one.
 */
public final class WritePolicy {
  private static final Decision ALLOWED = new Decision.Allowed();

  private WritePolicy() {}

  /**
   * Checks a write of {@code paths} (the path as asked and, when a symlink leads elsewhere, the
   * path actually written; every one must be allowed) under {@code phaseId} of {@code plan}.
   */
  public static Decision check(StoredPlan plan, String phaseId, List<String> paths) {
    if (plan.status() != PlanStatus.APPROVED) {
      return new Decision.Refused(
          ErrorCode.PLAN_NOT_APPROVED,
          "plan "
              + plan.hash()
              + " is "
              + plan.status()
              + "; only an APPROVED plan authorises"
              + " writes");
    }
    Optional<Plan.Phase> phase = plan.plan().phase(phaseId);
    if (phase.isEmpty()) {
      return new Decision.Refused(
          ErrorCode.PHASE_NOT_IN_PLAN,
          "plan "
              + plan.hash()
              + " has no phase "
              + phaseId
              + "; its phases are "
              + plan.plan().phases().stream().map(Plan.Phase::phaseId).toList());
    }
    for (String path : paths) {
      Decision decision = checkPath(plan, phase.get(), path);
      if (decision instanceof Decision.Refused) {
        return decision;
      }
    }
    return ALLOWED;
  }

  private static Decision checkPath(StoredPlan stored, Plan.Phase phase, String path) {
    Plan plan = stored.plan();
    if (!anyMatches(plan.scopeAllow(), path)) {
      return outOfScope(
          path, "is not in scope.allow " + plan.scopeAllow() + " of plan " + stored.hash());
    }
    if (anyMatches(plan.scopeDeny(), path)) {
      return outOfScope(
          path, "matches scope.deny " + plan.scopeDeny() + " of plan " + stored.hash());
    }
    if (!phase.allow().isEmpty() && !anyMatches(phase.allow(), path)) {
      return outOfScope(
          path, "is not in the allow " + phase.allow() + " of phase " + phase.phaseId());
    }
    return ALLOWED;
  }

  private static boolean anyMatches(List<String> patterns, String path) {
    return patterns.stream().anyMatch(p -> Glob.compile(p).matches(path));
  }

  private static Decision outOfScope(String path, String why) {
    return new Decision.Refused(ErrorCode.PATH_NOT_IN_PLAN_SCOPE, "path " + path + " " + why);
  }
}
