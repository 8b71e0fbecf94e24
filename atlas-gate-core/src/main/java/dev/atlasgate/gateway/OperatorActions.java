package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.PlanCache;
import dev.atlasgate.plan.PlanHash;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.plan.PlanTransitions;
import dev.atlasgate.plan.StoredPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The acts of a human operator on plans: approval and revocation, each recorded in the audit chain
 * before it takes effect. No agent tool reaches these.
 */
public final class OperatorActions {
  public static final String APPROVE = "plan_approve";
  public static final String REVOKE = "plan_revoke";
  static final String OPERATOR_ROLE = "OPERATOR";

  private final PlanStore plans;
  private final AuditLog audit;
  private final Clock clock;
  private final String instance;

  public OperatorActions(PlanStore plans, AuditLog audit, Clock clock, String instance) {
    this.plans = requireNonNull(plans, "plans is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.instance = requireNonNull(instance, "instance is null");
  }

  /** Approves a DRAFT plan of {@code workspace} in the name of {@code operator}. */
  public StoredPlan approve(Path workspace, PlanHash hash, String operator) {
    return act(APPROVE, workspace, hash, operator);
  }

  /**
   * Revokes a DRAFT or APPROVED plan of {@code workspace}; a plan that was APPROVED is revoked for
   * every instance once this answers (it waits out the {@link PlanCache#LEASE}).
   */
  public StoredPlan revoke(Path workspace, PlanHash hash, String operator) {
    return act(REVOKE, workspace, hash, operator);
  }

  private StoredPlan act(String action, Path workspace, PlanHash hash, String operator) {
    requireNonNull(operator, "operator is null");
    Instant now = clock.instant();
    long start = System.nanoTime();
    Path root = real(workspace);
    JsonObject args =
        JsonObject.builder().put("plan_hash", hash.value()).put("operator", operator).build();
    try {
      // The store's own rules, checked before the act is recorded; the store checks again.
      Optional<StoredPlan> current = plans.find(root, hash);
      if (action.equals(APPROVE)) {
        PlanTransitions.approve(root, hash, current, operator, now);
      } else {
        PlanTransitions.revoke(root, hash, current, operator, now);
      }
      record(action, root, hash, operator, args, now, start, Optional.empty());
    } catch (GateException e) {
      if (e.code() != ErrorCode.AUDIT_UNAVAILABLE) {
        record(action, root, hash, operator, args, now, start, Optional.of(e.code()));
      }
      throw e;
    }
    try {
      if (action.equals(APPROVE)) {
        return plans.approve(root, hash, operator, now);
      }
      StoredPlan revoked = plans.revoke(root, hash, operator, now);
      if (revoked.approvedAt().isPresent()) {
        // instances may still trust the approval they read: answer once none can
        PlanCache.outlastLeases();
      }
      return revoked;
    } catch (GateException e) {
      record(action, root, hash, operator, args, now, start, Optional.of(e.code()));
      throw e;
    }
  }

  private void record(
      String action,
      Path workspace,
      PlanHash hash,
      String operator,
      JsonObject args,
      Instant now,
      long start,
      Optional<ErrorCode> error) {
    audit.append(
        new AuditEvent(
            now,
            instance,
            Optional.empty(),
            Optional.of(operator),
            Optional.of(OPERATOR_ROLE),
            action,
            Optional.of(workspace.toString()),
            Optional.of(hash.value()),
            Optional.empty(),
            args,
            error.isEmpty(),
            error.map(Enum::name),
            (System.nanoTime() - start) / 1_000_000));
  }

  private static Path real(Path workspace) {
    try {
      return workspace.toRealPath();
    } catch (IOException e) {
      throw new GateException(
          ErrorCode.WORKSPACE_INVALID, "workspace " + workspace + " does not exist");
    }
  }
}
