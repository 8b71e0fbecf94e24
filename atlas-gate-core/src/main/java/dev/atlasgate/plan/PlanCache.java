package dev.atlasgate.plan;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.session.Leases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * The plans that writes cite, kept by one gateway instance so that a write does not read the plan
 * store each time.
 *
 * <p>A plan never changes under its hash, and its status moves only forward (DRAFT → APPROVED →
 * REVOKED, DRAFT → REVOKED). So a REVOKED plan is kept for good; a DRAFT is never kept, so that its
 * approval counts at once; and an APPROVED plan is trusted for {@link #LEASE} from the moment
 * before the read that found it. The revocation of a plan that was APPROVED waits that lease out
 * before it answers ({@link #outlastLeases()}), so once a revocation has answered, no instance lets
 * a write use the plan, whichever instance or process revoked it: every read that saw APPROVED
 * began before the revocation committed, and its lease ends less than a lease after the commit.
 * Only the rates of the instances' monotonic clocks matter, not what time they show.
 */
public final class PlanCache {
  /** How long an APPROVED status is trusted, counted from before the read that found it. */
  public static final Duration LEASE = Leases.LEASE;

  private static final int MAX_ENTRIES = 10_000;

  private final PlanStore plans;
  private final LongSupplier ticker;
  private final ConcurrentMap<Key, Entry> entries = new ConcurrentHashMap<>();

  /** A cache of {@code plans}, timed by {@link System#nanoTime()}. */
  public PlanCache(PlanStore plans) {
    this(plans, System::nanoTime);
  }

  /** A cache of {@code plans} timed by {@code ticker}, a monotonic clock in nanoseconds. */
  PlanCache(PlanStore plans, LongSupplier ticker) {
    this.plans = requireNonNull(plans, "plans is null");
    this.ticker = requireNonNull(ticker, "ticker is null");
  }

  private record Key(Path workspace, PlanHash hash) {}

  /** A plan as a read that began at {@code readAt} found it. */
  private record Entry(StoredPlan plan, long readAt) {
    boolean holdsAt(long now) {
      return plan.status() == PlanStatus.REVOKED || now - readAt < LEASE.toNanos();
    }
  }

  /** The plan {@code hash} of {@code workspace}, from this cache while that is safe. */
  public Optional<StoredPlan> find(Path workspace, PlanHash hash) {
    Key key = new Key(workspace, hash);
    Entry kept = entries.get(key);
    if (kept != null && kept.holdsAt(ticker.getAsLong())) {
      return Optional.of(kept.plan());
    }
    long readAt = ticker.getAsLong();
    Optional<StoredPlan> found = plans.find(workspace, hash);
    found
        .filter(p -> p.status() != PlanStatus.DRAFT)
        .ifPresent(p -> keep(key, new Entry(p, readAt)));
    return found;
  }

  /** Keeps {@code entry}, unless a later status is kept already. */
  private void keep(Key key, Entry entry) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.merge(
        key,
        entry,
        (old, read) -> read.plan().status().compareTo(old.plan().status()) >= 0 ? read : old);
  }

  /**
   * Waits until every lease on an APPROVED status that any instance took before now has ended: what
   * a revocation does after its commit, before it answers ({@link Leases#outlast()}).
   */
  public static void outlastLeases() {
    Leases.outlast();
  }
}
