package dev.atlasgate.plan;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** Plans kept in memory, for tests and throw-away gateways. */
public final class InMemoryPlanStore implements PlanStore {
  static final Comparator<StoredPlan> NEWEST_FIRST =
      Comparator.comparing(StoredPlan::createdAt).reversed().thenComparing(p -> p.hash().value());

  private final Map<Path, Map<PlanHash, StoredPlan>> plans = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();

  @Override
  public StoredPlan save(Path workspace, Plan plan, String author, Instant now) {
    return of(workspace).computeIfAbsent(plan.hash(), h -> StoredPlan.draft(plan, author, now));
  }

  @Override
  public Optional<StoredPlan> find(Path workspace, PlanHash hash) {
    return Optional.ofNullable(of(workspace).get(hash));
  }

  @Override
  public Optional<Set<Path>> workspaces() {
    return Optional.of(
        plans.entrySet().stream()
            .filter(e -> !e.getValue().isEmpty())
            .map(Map.Entry::getKey)
            .collect(java.util.stream.Collectors.toUnmodifiableSet()));
  }

  @Override
  public List<StoredPlan> list(Path workspace, Optional<PlanStatus> status) {
    return of(workspace).values().stream()
        .filter(p -> status.map(s -> p.status() == s).orElse(true))
        .sorted(NEWEST_FIRST)
        .toList();
  }

  @Override
  public StoredPlan approve(Path workspace, PlanHash hash, String approver, Instant at) {
    lock.lock();
    try {
      StoredPlan approved =
          PlanTransitions.approve(workspace, hash, find(workspace, hash), approver, at);
      of(workspace).put(hash, approved);
      return approved;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public StoredPlan revoke(Path workspace, PlanHash hash, String actor, Instant at) {
    lock.lock();
    try {
      StoredPlan revoked =
          PlanTransitions.revoke(workspace, hash, find(workspace, hash), actor, at);
      of(workspace).put(hash, revoked);
      return revoked;
    } finally {
      lock.unlock();
    }
  }

  private Map<PlanHash, StoredPlan> of(Path workspace) {
    return plans.computeIfAbsent(workspace, w -> new ConcurrentHashMap<>());
  }
}
