package dev.atlasgate.ratelimit;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Token buckets in memory: each key refills at {@code ratePerSecond} up to {@code burst}.
 *
 * <p>A bucket is an immutable state swapped atomically, so no lock is held; buckets that are full
 * again are dropped when the map grows, so idle callers cost nothing.
 */
public final class TokenBucketLimiter implements RateLimiter {
  private static final int SWEEP_AT = 10_000;

  private final double ratePerSecond;
  private final int burst;
  private final Clock clock;
  private final ConcurrentMap<String, State> buckets = new ConcurrentHashMap<>();

  public TokenBucketLimiter(double ratePerSecond, int burst, Clock clock) {
    if (!(ratePerSecond > 0) || burst < 1) {
      throw new IllegalArgumentException(
          "rate must be positive and burst at least 1: " + ratePerSecond + ", " + burst);
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.clock = requireNonNull(clock, "clock is null");
  }

  private record State(double tokens, long atNanos, boolean admitted) {}

  @Override
  public Admission tryAcquire(String key) {
    long now = nanos();
    State state = buckets.compute(key, (k, old) -> take(old, now));
    if (buckets.size() > SWEEP_AT) {
      buckets.values().removeIf(s -> refill(s, now) >= burst);
    }
    if (state.admitted()) {
      return new Admission.Admitted();
    }
    double missing = 1 - state.tokens();
    return new Admission.Limited(Duration.ofNanos((long) Math.ceil(missing / ratePerSecond * 1e9)));
  }

  private State take(State old, long now) {
    double tokens = old == null ? burst : refill(old, now);
    // A caller whose reading of the clock is behind the last one's (read earlier, then delayed)
    // adds nothing and does not move the bucket's time back.
    long at = old == null ? now : Math.max(old.atNanos(), now);
    return tokens >= 1 ? new State(tokens - 1, at, true) : new State(tokens, at, false);
  }

  private double refill(State state, long now) {
    long elapsed = Math.max(0, now - state.atNanos());
    return Math.min(burst, state.tokens() + elapsed / 1e9 * ratePerSecond);
  }

  private long nanos() {
    var instant = clock.instant();
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
