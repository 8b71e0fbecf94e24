package dev.atlasgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PlanCacheTest {
  private static final Path WORKSPACE = Path.of("/srv/work");
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Plan PLAN =
      Plan.parse(
          (JsonObject)
              Json.parse(
                  """
                  {"plan_id": "DOCS_REFRESH", "version": 1, "title": "Refresh the docs",
                   "objective": "Rewrite the guide.", "scope": {"allow": ["docs/**"]},
                   "phases": [{"phase_id": "WRITE", "objective": "Write the guide."}]}
                  """));

  private final CountingPlans plans = new CountingPlans();
  private final AtomicLong ticker = new AtomicLong();
  private final PlanCache cache = new PlanCache(plans, ticker::get);

  @Test
  void anApprovedPlan_isReadOnce_perLease() {
    plans.save(WORKSPACE, PLAN, "planner", NOW);
    plans.approve(WORKSPACE, PLAN.hash(), "operator", NOW);
    for (int i = 0; i < 10; i++) {
      assertThat(cache.find(WORKSPACE, PLAN.hash()).map(StoredPlan::status))
          .contains(PlanStatus.APPROVED);
      ticker.addAndGet(PlanCache.LEASE.toNanos() / 20);
    }
    assertThat(plans.finds).hasValue(1);
    ticker.addAndGet(PlanCache.LEASE.toNanos() / 2);
    cache.find(WORKSPACE, PLAN.hash());
    assertThat(plans.finds).as("the lease ended").hasValue(2);
  }

  @Test
  void aRevocation_isSeenOnceTheLeaseOfTheApprovalEnds_andKeptForGood() {
    plans.save(WORKSPACE, PLAN, "planner", NOW);
    plans.approve(WORKSPACE, PLAN.hash(), "operator", NOW);
    cache.find(WORKSPACE, PLAN.hash());
    plans.revoke(WORKSPACE, PLAN.hash(), "operator", NOW);
    assertThat(cache.find(WORKSPACE, PLAN.hash()).map(StoredPlan::status))
        .as("within the lease, which is why a revocation waits it out")
        .contains(PlanStatus.APPROVED);
    ticker.addAndGet(PlanCache.LEASE.toNanos());
    assertThat(cache.find(WORKSPACE, PLAN.hash()).map(StoredPlan::status))
        .contains(PlanStatus.REVOKED);
    ticker.addAndGet(Duration.ofDays(1).toNanos());
    assertThat(cache.find(WORKSPACE, PLAN.hash()).map(StoredPlan::status))
        .contains(PlanStatus.REVOKED);
    assertThat(plans.finds).hasValue(2);
  }

  @Test
  void aDraft_isReadEachTime_soThatItsApprovalCountsAtOnce() {
    plans.save(WORKSPACE, PLAN, "planner", NOW);
    assertThat(cache.find(WORKSPACE, PLAN.hash()).map(StoredPlan::status))
        .contains(PlanStatus.DRAFT);
    plans.approve(WORKSPACE, PLAN.hash(), "operator", NOW);
    assertThat(cache.find(WORKSPACE, PLAN.hash()).map(StoredPlan::status))
        .contains(PlanStatus.APPROVED);
    assertThat(cache.find(Path.of("/srv/other"), PLAN.hash())).isEmpty();
    assertThat(plans.finds).hasValue(3);
  }

  @Test
  void outlastLeases_waitsALeaseAtLeast() {
    long start = System.nanoTime();
    PlanCache.outlastLeases();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(PlanCache.LEASE);
  }

  /** The in-memory store, with its reads counted. */
  private static final class CountingPlans implements PlanStore {
    private final InMemoryPlanStore store = new InMemoryPlanStore();
    final AtomicInteger finds = new AtomicInteger();

    @Override
    public StoredPlan save(Path workspace, Plan plan, String author, Instant now) {
      return store.save(workspace, plan, author, now);
    }

    @Override
    public Optional<StoredPlan> find(Path workspace, PlanHash hash) {
      finds.incrementAndGet();
      return store.find(workspace, hash);
    }

    @Override
    public List<StoredPlan> list(Path workspace, Optional<PlanStatus> status) {
      return store.list(workspace, status);
    }

    @Override
    public StoredPlan approve(Path workspace, PlanHash hash, String approver, Instant at) {
      return store.approve(workspace, hash, approver, at);
    }

    @Override
    public StoredPlan revoke(Path workspace, PlanHash hash, String actor, Instant at) {
      return store.revoke(workspace, hash, actor, at);
    }
  }
}
