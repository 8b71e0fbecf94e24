package dev.atlasgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.Plan;
import dev.atlasgate.plan.PlanHash;
import dev.atlasgate.plan.PlanStatus;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.plan.StatusChange;
import dev.atlasgate.plan.StoredPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link PlanStore} must do: per-workspace plans, their status and its history. */
public abstract class PlanStoreContract {
  protected static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");

  @TempDir protected Path temp;
  protected Path workspace;
  protected Path otherWorkspace;
  private PlanStore store;

  /** A fresh store. */
  protected abstract PlanStore newStore();

  @BeforeEach
  void openStore() throws Exception {
    workspace = Files.createDirectories(temp.resolve("ws-a")).toRealPath();
    otherWorkspace = Files.createDirectories(temp.resolve("ws-b")).toRealPath();
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected PlanStore store() {
    return store;
  }

  /** A valid plan; {@code version} makes a different document of the same plan_id. */
  public static Plan plan(int version) {
    return Plan.parse(
        (JsonObject)
            Json.parse(
                """
        {"plan_id": "API_CLEANUP", "version": %d, "title": "Clean up the API",
         "objective": "Remove the deprecated endpoints.",
         "scope": {"allow": ["src/api/**"], "deny": ["src/api/generated/**"]},
         "phases": [{"phase_id": "REMOVE", "objective": "Delete the endpoints.",
                     "allow": ["src/api/*.java"]}],
         "verification": ["The build passes."]}
        """
                    .formatted(version)));
  }

  @Test
  void save_storesADraftWithItsHistory() {
    Plan plan = plan(1);
    StoredPlan saved = store.save(workspace, plan, "planner", T0);
    assertThat(saved.hash()).isEqualTo(plan.hash());
    assertThat(saved.status()).isEqualTo(PlanStatus.DRAFT);
    assertThat(saved.history()).containsExactly(new StatusChange(PlanStatus.DRAFT, "planner", T0));
    assertThat(store.find(workspace, plan.hash())).contains(saved);
  }

  @Test
  void save_again_returnsTheStoredPlanUnchanged() {
    Plan plan = plan(1);
    store.save(workspace, plan, "planner", T0);
    store.approve(workspace, plan.hash(), "carol", T0.plusSeconds(60));
    StoredPlan again = store.save(workspace, plan, "someone-else", T0.plusSeconds(120));
    assertThat(again.status()).isEqualTo(PlanStatus.APPROVED);
    assertThat(again.createdAt()).isEqualTo(T0);
  }

  @Test
  void approve_thenRevoke_recordsWhoAndWhen() {
    PlanHash hash = store.save(workspace, plan(1), "planner", T0).hash();
    StoredPlan approved = store.approve(workspace, hash, "carol", T0.plusSeconds(10));
    assertThat(approved.status()).isEqualTo(PlanStatus.APPROVED);
    assertThat(approved.approvedBy()).contains("carol");
    assertThat(approved.approvedAt()).contains(T0.plusSeconds(10));
    StoredPlan revoked = store.revoke(workspace, hash, "dave", T0.plusSeconds(20));
    assertThat(revoked.status()).isEqualTo(PlanStatus.REVOKED);
    assertThat(revoked.revokedBy()).contains("dave");
    assertThat(revoked.approvedBy()).contains("carol");
    assertThat(store.find(workspace, hash)).contains(revoked);
    assertThat(revoked.history())
        .extracting(StatusChange::status)
        .containsExactly(PlanStatus.DRAFT, PlanStatus.APPROVED, PlanStatus.REVOKED);
  }

  @Test
  void refusedTransitions_areNamed() {
    PlanHash hash = store.save(workspace, plan(1), "planner", T0).hash();
    PlanHash unknown = new PlanHash("b".repeat(64));
    assertCode(() -> store.approve(workspace, unknown, "carol", T0), ErrorCode.PLAN_NOT_FOUND);
    assertCode(() -> store.revoke(workspace, unknown, "carol", T0), ErrorCode.PLAN_NOT_FOUND);
    store.approve(workspace, hash, "carol", T0);
    assertCode(() -> store.approve(workspace, hash, "carol", T0), ErrorCode.INVALID_ARGUMENT);
    store.revoke(workspace, hash, "carol", T0);
    assertCode(() -> store.approve(workspace, hash, "carol", T0), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> store.revoke(workspace, hash, "carol", T0), ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void draft_canBeRevokedDirectly() {
    PlanHash hash = store.save(workspace, plan(1), "planner", T0).hash();
    assertThat(store.revoke(workspace, hash, "carol", T0).status()).isEqualTo(PlanStatus.REVOKED);
  }

  @Test
  void plansBelongToTheirWorkspace() {
    PlanHash hash = store.save(workspace, plan(1), "planner", T0).hash();
    assertThat(store.find(otherWorkspace, hash)).isEmpty();
    assertThat(store.list(otherWorkspace, Optional.empty())).isEmpty();
    assertCode(() -> store.approve(otherWorkspace, hash, "carol", T0), ErrorCode.PLAN_NOT_FOUND);
  }

  @Test
  void list_newestFirst_filteredByStatus_everyVersionKept() {
    StoredPlan v1 = store.save(workspace, plan(1), "planner", T0);
    StoredPlan v2 = store.save(workspace, plan(2), "planner", T0.plusSeconds(5));
    StoredPlan v3 = store.save(workspace, plan(3), "planner", T0.plusSeconds(9));
    store.approve(workspace, v2.hash(), "carol", T0.plusSeconds(10));
    assertThat(store.list(workspace, Optional.empty()))
        .extracting(StoredPlan::hash)
        .containsExactly(v3.hash(), v2.hash(), v1.hash());
    assertThat(store.list(workspace, Optional.of(PlanStatus.APPROVED)))
        .extracting(StoredPlan::hash)
        .containsExactly(v2.hash());
    assertThat(store.list(workspace, Optional.of(PlanStatus.DRAFT)))
        .extracting(StoredPlan::hash)
        .containsExactly(v3.hash(), v1.hash());
  }

  @Test
  void concurrentApprovals_exactlyOneWins() throws Exception {
    PlanHash hash = store.save(workspace, plan(1), "planner", T0).hash();
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String approver = "op-" + i;
      tasks.add(
          () -> {
            try {
              store.approve(workspace, hash, approver, T0);
              return true;
            } catch (GateException e) {
              return false;
            }
          });
    }
    int wins = 0;
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (Future<Boolean> result : pool.invokeAll(tasks)) {
        wins += result.get() ? 1 : 0;
      }
    }
    assertThat(wins).isEqualTo(1);
    assertThat(store.find(workspace, hash).orElseThrow().history()).hasSize(2);
  }

  @Test
  void workspaces_whereTheStoreCanTell_nameEveryWorkspaceWithPlans() {
    store.save(workspace, plan(1), "planner", T0);
    store.save(otherWorkspace, plan(2), "planner", T0);
    store.workspaces().ifPresent(all -> assertThat(all).contains(workspace, otherWorkspace));
  }

  private static void assertCode(Runnable action, ErrorCode code) {
    assertThatThrownBy(action::run)
        .isInstanceOf(GateException.class)
        .satisfies(e -> assertThat(((GateException) e).code()).isEqualTo(code));
  }
}
