package dev.atlasgate.session;

import java.time.Duration;

/**
 * How long one gateway instance may trust what it read from a shared store about something another
 * instance can take away (an approval, a session), and the wait of whoever takes it away.
 *
 * <p>A read is trusted for {@link #LEASE} from the moment before it began. Whoever takes the thing
 * away commits that first and then waits {@link #outlast()} before it answers: every read that
 * still saw it began before the commit, so its lease ends less than a lease after the commit, on
 * the monotonic clock of the instance that read it. Only the rates of the instances' clocks matter,
 * not what time they show.
 */
public final class Leases {
  /** How long a read is trusted, counted from before it began. */
  public static final Duration LEASE = Duration.ofSeconds(1);

  /** What taking something away waits: the lease, and a tenth more for clocks at other rates. */
  public static final Duration WAIT = LEASE.plus(LEASE.dividedBy(10));

  private Leases() {}

  /**
   * Waits until every lease that any instance took before now has ended. An interruption is kept
   * for the caller but does not cut the wait short.
   */
  public static void outlast() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    boolean interrupted = false;
    for (long left = WAIT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      try {
        Thread.sleep(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
