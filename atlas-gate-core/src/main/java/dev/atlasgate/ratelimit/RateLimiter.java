package dev.atlasgate.ratelimit;

import java.time.Duration;

/**
 * Admits or refuses a request of one caller (a principal, or a client address without auth).
 *
 * <p>One implementation per place the buckets live: memory for one instance, a shared store for
 * many.
 */
public interface RateLimiter extends AutoCloseable {

  /** Takes one token for {@code key}. */
  Admission tryAcquire(String key);

  /** The outcome of asking for a token. */
  sealed interface Admission {
    /** Go ahead. */
    record Admitted() implements Admission {}

    /** Refused; a token will be there after {@code retryAfter}. */
    record Limited(Duration retryAfter) implements Admission {}
  }

  /** Stops what the limiter does in the background, if anything. */
  @Override
  default void close() {}

  /** A limiter that admits everything. */
  static RateLimiter unlimited() {
    return key -> new Admission.Admitted();
  }
}
