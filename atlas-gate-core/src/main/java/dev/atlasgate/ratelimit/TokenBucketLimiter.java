package dev.atlasgate.ratelimit;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Token buckets in memory: each key refills at {@code ratePerSecond} up to {@code burst}.
 *
 * <p>A bucket is an immutable state swapped atomically, so no lock is held; buckets that are full
 * again are dropped when the map grows, so idle callers cost nothing.
 *
 * <p>The buckets can also be an instance's copy of buckets shared by several instances: {@link
 * #drain()} answers what was taken here since it was last called, for the shared buckets to be
 * charged with, and {@link #adopt} sets a bucket to what its shared bucket holds. Admission never
 * waits for the shared store; see {@code RedisRateLimiter}.
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

  /**
   * A bucket: its tokens at {@code atNanos}, whether the last take got one, and how many tokens
   * were taken since the last {@link #drain()}.
   */
  private record State(double tokens, long atNanos, boolean admitted, long unsent) {}

  @Override
  public Admission tryAcquire(String key) {
    long now = nanos(clock.instant());
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

  /**
   * What was taken from each bucket since the last call, for every bucket taken from or not full
   * again (whose shared bucket may be in use elsewhere); the counts start again at zero.
   */
  public Map<String, Long> drain() {
    long now = nanos(clock.instant());
    Map<String, Long> usage = new HashMap<>();
    for (String key : buckets.keySet()) {
      buckets.computeIfPresent(
          key,
          (k, s) -> {
            if (s.unsent() == 0 && refill(s, now) >= burst) {
              return s;
            }
            usage.put(k, s.unsent());
            return new State(s.tokens(), s.atNanos(), s.admitted(), 0);
          });
    }
    return usage;
  }

  /**
   * Sets {@code key}'s bucket to {@code tokens} at {@code at}, what its shared bucket held once
   * charged with what {@link #drain()} answered, less what was taken here since.
   */
  public void adopt(String key, double tokens, Instant at) {
    long atNanos = nanos(at);
    buckets.computeIfPresent(
        key,
        (k, s) ->
            new State(Math.min(burst, tokens - s.unsent()), atNanos, s.admitted(), s.unsent()));
  }

  /** Counts {@code taken} tokens of {@code key} as taken again: the shared bucket missed them. */
  public void restore(String key, long taken) {
    buckets.computeIfPresent(
        key, (k, s) -> new State(s.tokens(), s.atNanos(), s.admitted(), s.unsent() + taken));
  }

  private State take(State old, long now) {
    double tokens = old == null ? burst : refill(old, now);
    long unsent = old == null ? 0 : old.unsent();
    // A caller whose reading of the clock is behind the last one's (read earlier, then delayed)
    // adds nothing and does not move the bucket's time back.
    long at = old == null ? now : Math.max(old.atNanos(), now);
    return tokens >= 1
        ? new State(tokens - 1, at, true, unsent + 1)
        : new State(tokens, at, false, unsent);
  }

  private double refill(State state, long now) {
    long elapsed = Math.max(0, now - state.atNanos());
    return Math.min(burst, state.tokens() + elapsed / 1e9 * ratePerSecond);
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
