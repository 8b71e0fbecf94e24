package dev.atlasgate.plan;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A plan as a store keeps it: the plan, its status and the history of its status. */
public record StoredPlan(
    PlanHash hash,
    Plan plan,
    PlanStatus status,
    Instant createdAt,
    Optional<String> approvedBy,
    Optional<Instant> approvedAt,
    Optional<String> revokedBy,
    Optional<Instant> revokedAt,
    List<StatusChange> history) {

  public StoredPlan {
    requireNonNull(hash, "hash is null");
    requireNonNull(plan, "plan is null");
    requireNonNull(status, "status is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(approvedBy, "approvedBy is null");
    requireNonNull(approvedAt, "approvedAt is null");
    requireNonNull(revokedBy, "revokedBy is null");
    requireNonNull(revokedAt, "revokedAt is null");
    history = List.copyOf(history);
  }

  /** A plan just saved by {@code author}. */
  public static StoredPlan draft(Plan plan, String author, Instant now) {
    return new StoredPlan(
        plan.hash(),
        plan,
        PlanStatus.DRAFT,
        now,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(new StatusChange(PlanStatus.DRAFT, author, now)));
  }

  /** This plan approved by {@code approver}; the caller has checked that it is a DRAFT. */
  public StoredPlan approved(String approver, Instant at) {
    return new StoredPlan(
        hash,
        plan,
        PlanStatus.APPROVED,
        createdAt,
        Optional.of(approver),
        Optional.of(at),
        revokedBy,
        revokedAt,
        append(PlanStatus.APPROVED, approver, at));
  }

  /** This plan revoked by {@code actor}; the caller has checked that it is not yet revoked. */
  public StoredPlan revoked(String actor, Instant at) {
    return new StoredPlan(
        hash,
        plan,
        PlanStatus.REVOKED,
        createdAt,
        approvedBy,
        approvedAt,
        Optional.of(actor),
        Optional.of(at),
        append(PlanStatus.REVOKED, actor, at));
  }

  /** A {@code list_plans} element. */
  public JsonObject summaryJson() {
    return JsonObject.builder()
        .put("plan_hash", hash.value())
        .put("plan_id", plan.planId())
        .put("version", plan.version())
        .put("title", plan.title())
        .put("status", status.name())
        .put("created_at", createdAt.toString())
        .putIfPresent("approved_by", approvedBy.map(Json::of))
        .putIfPresent("approved_at", approvedAt.map(t -> Json.of(t.toString())))
        .putIfPresent("revoked_by", revokedBy.map(Json::of))
        .putIfPresent("revoked_at", revokedAt.map(t -> Json.of(t.toString())))
        .build();
  }

  private List<StatusChange> append(PlanStatus to, String actor, Instant at) {
    var changes = new java.util.ArrayList<>(history);
    changes.add(new StatusChange(to, actor, at));
    return changes;
  }
}
