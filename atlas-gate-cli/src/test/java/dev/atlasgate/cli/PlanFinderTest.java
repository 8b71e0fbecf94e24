package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.error.GateException;
import dev.atlasgate.plan.InMemoryPlanStore;
import dev.atlasgate.plan.PlanHash;
import dev.atlasgate.plan.StoredPlan;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Finding a plan by what a person types, in a store that lists its workspaces. */
class PlanFinderTest {
  private static final Instant T0 = Instant.parse("2026-06-06T06:06:06Z");
  private final InMemoryPlanStore store = new InMemoryPlanStore();
  private final PlanFinder finder =
      new PlanFinder(
          store,
          () -> {
            throw new AssertionError("a store that lists its workspaces is asked, not the log");
          });

  @Test
  void aStoreThatListsItsWorkspaces_findsThePlanWithoutOne() {
    Path a = Path.of("/srv/a");
    StoredPlan saved = store.save(a, PlanCommandTest.plan(1, "Tidy", "docs/**"), "p", T0);
    PlanFinder.Found found = finder.find(Optional.empty(), saved.hash().value().substring(0, 8));
    assertThat(found.workspace()).isEqualTo(a);
    assertThat(found.plan().hash()).isEqualTo(saved.hash());
  }

  @Test
  void anAmbiguousPrefix_isRefused_listingTheCandidates() {
    // Two stored plans whose hashes share their first 8 digits (a store that keys them so).
    StoredPlan one =
        withHash(
            store.save(Path.of("/srv/a"), PlanCommandTest.plan(1, "One", "docs/**"), "p", T0),
            "abcdef01" + "1".repeat(56));
    StoredPlan two =
        withHash(
            store.save(Path.of("/srv/b"), PlanCommandTest.plan(2, "Two", "docs/**"), "p", T0),
            "abcdef01" + "2".repeat(56));
    PlanFinder twoCandidates =
        new PlanFinder(
            new ListingStore(List.of(one, two)),
            () -> List.of(Path.of("/srv/a"), Path.of("/srv/b")));
    assertThatThrownBy(() -> twoCandidates.find(Optional.empty(), "abcdef01"))
        .isInstanceOf(GateException.class)
        .hasMessageContaining("abcdef01 is the start of 2 plans")
        .hasMessageContaining(one.hash() + " (CLI_PLAN v1, /srv/a)")
        .hasMessageContaining(two.hash() + " (CLI_PLAN v2, /srv/b)")
        .hasMessageContaining("type more digits");
    assertThat(twoCandidates.find(Optional.empty(), "abcdef0111").plan()).isEqualTo(one);
  }

  private static StoredPlan withHash(StoredPlan plan, String hash) {
    return new StoredPlan(
        new PlanHash(hash),
        plan.plan(),
        plan.status(),
        plan.createdAt(),
        plan.approvedBy(),
        plan.approvedAt(),
        plan.revokedBy(),
        plan.revokedAt(),
        plan.history());
  }

  /**
   * Plans with chosen hashes, listed by workspace: SHA-256 gives no two real plans a common prefix
   * of 8 digits on demand, so the ambiguity is staged here.
   */
  private record ListingStore(List<StoredPlan> plans) implements dev.atlasgate.plan.PlanStore {
    @Override
    public StoredPlan save(Path w, dev.atlasgate.plan.Plan p, String a, Instant n) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<StoredPlan> find(Path workspace, PlanHash hash) {
      return list(workspace, Optional.empty()).stream()
          .filter(p -> p.hash().equals(hash))
          .findFirst();
    }

    @Override
    public List<StoredPlan> list(Path workspace, Optional<dev.atlasgate.plan.PlanStatus> s) {
      return plans.stream()
          .filter(p -> workspace.equals(Path.of(p.plan().version() == 1 ? "/srv/a" : "/srv/b")))
          .toList();
    }

    @Override
    public StoredPlan approve(Path w, PlanHash h, String a, Instant at) {
      throw new UnsupportedOperationException();
    }

    @Override
    public StoredPlan revoke(Path w, PlanHash h, String a, Instant at) {
      throw new UnsupportedOperationException();
    }
  }
}
