package dev.atlasgate.plan;

/** Where a plan stands: saved, approved by a human, or withdrawn. */
public enum PlanStatus {
  DRAFT,
  APPROVED,
  REVOKED
}
