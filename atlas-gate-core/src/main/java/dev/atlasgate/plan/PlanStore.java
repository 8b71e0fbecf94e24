package dev.atlasgate.plan;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where plans and their status live, per workspace: a plan approved for one workspace never
 * authorises writes in another. The workspace key is the real absolute path of its root.
 */
public interface PlanStore extends AutoCloseable {

  /** Stores {@code plan} as a DRAFT; saving a stored plan again returns it unchanged. */
  StoredPlan save(Path workspace, Plan plan, String author, Instant now);

  Optional<StoredPlan> find(Path workspace, PlanHash hash);

  /** The workspace's plans, newest first, optionally of one status. */
  List<StoredPlan> list(Path workspace, Optional<PlanStatus> status);

  /**
   * Moves a DRAFT plan to APPROVED.
   *
   * @throws dev.atlasgate.error.GateException {@code PLAN_NOT_FOUND}, or {@code INVALID_ARGUMENT}
   *     when the plan is not a DRAFT
   */
  StoredPlan approve(Path workspace, PlanHash hash, String approver, Instant at);

  /** Moves a DRAFT or APPROVED plan to REVOKED. */
  StoredPlan revoke(Path workspace, PlanHash hash, String actor, Instant at);

  /**
   * Every workspace in which this store holds plans, where the store can tell (a store of its own
   * can; one that keeps plans under each workspace cannot, and answers empty).
   */
  default Optional<Set<Path>> workspaces() {
    return Optional.empty();
  }

  @Override
  default void close() {}
}
