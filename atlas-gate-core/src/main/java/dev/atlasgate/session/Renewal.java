package dev.atlasgate.session;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * When a session's idle expiry is written again: not at every call, but once its last renewal is
 * older than the {@link #slack()}, so that a busy session costs one store write per slack rather
 * than one per call.
 *
 * <p>A session renewed at {@code r} expires at {@code r + ttl}; calls in the slack after {@code r}
 * do not move that, so a session expires between {@code ttl − slack} and {@code ttl} after its last
 * call, never later. Changes of state (a binding, an ended session) are written at once, whatever
 * this says.
 *
 * @param ttl how long a session lives without activity
 */
public record Renewal(Duration ttl) {
  private static final Duration MIN_SLACK = Duration.ofSeconds(1);

  public Renewal {
    requireNonNull(ttl, "ttl is null");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
  }

  /** How long a renewal stands: max(1 s, ttl / 20), and never more than half the ttl. */
  public Duration slack() {
    Duration slack = ttl.dividedBy(20);
    if (slack.compareTo(MIN_SLACK) < 0) {
      slack = MIN_SLACK;
    }
    Duration half = ttl.dividedBy(2);
    return slack.compareTo(half) > 0 ? half : slack;
  }

  /** Whether a session that now expires at {@code expiresAt} is to be renewed at {@code now}. */
  public boolean isDue(Instant expiresAt, Instant now) {
    Instant renewedAt = expiresAt.minus(ttl);
    return !now.isBefore(renewedAt.plus(slack()));
  }
}
