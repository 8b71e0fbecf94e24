package dev.atlasgate.store.redis;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.GateException;
import dev.atlasgate.ratelimit.RateLimiter;
import dev.atlasgate.ratelimit.TokenBucketLimiter;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets in Redis, shared by every gateway instance: each key refills at {@code
 * ratePerSecond} up to {@code burst}, as {@link TokenBucketLimiter} does in memory.
 *
 * <p>One Lua script reads, refills and takes from a bucket atomically, so instances never race.
 * Time comes from the instance's clock, in microseconds; a caller whose clock is behind the last
 * one refills nothing, so clock skew between instances costs at most skew × rate tokens once. A
 * bucket key expires once it would be full again, so idle callers cost nothing.
 *
 * <p>When Redis fails, the limiter does not refuse everyone and does not admit everyone: it falls
 * back to buckets in this instance's memory (so N instances admit at most N times the rate), logs
 * one warning, and tries Redis again after {@link #RETRY_REDIS_AFTER}.
 */
public final class RedisRateLimiter implements RateLimiter {
  /** How long the limiter keeps to its own buckets after Redis failed, before trying it again. */
  public static final Duration RETRY_REDIS_AFTER = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);
  private static final LuaScript TAKE = LuaScript.load("token-bucket.lua");

  private final RedisConnection redis;
  private final RedisKeys keys;
  private final double ratePerSecond;
  private final String rate;
  private final String burst;
  private final Clock clock;
  private final TokenBucketLimiter fallback;
  private final AtomicBoolean degraded = new AtomicBoolean();
  private final AtomicReference<Instant> retryRedisAt = new AtomicReference<>(Instant.MIN);

  /**
   * A limiter on {@code redis} whose buckets are under {@code keyPrefix}, refilling at {@code
   * ratePerSecond} (positive) up to {@code burst} (at least 1), on {@code clock}.
   */
  public RedisRateLimiter(
      RedisConnection redis, String keyPrefix, double ratePerSecond, int burst, Clock clock) {
    this.fallback = new TokenBucketLimiter(ratePerSecond, burst, clock);
    this.redis = requireNonNull(redis, "redis is null");
    this.keys = new RedisKeys(keyPrefix);
    this.ratePerSecond = ratePerSecond;
    this.rate = String.format(Locale.ROOT, "%.17g", ratePerSecond);
    this.burst = Integer.toString(burst);
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** A limiter on {@code redis} under {@link RedisSessionStore#DEFAULT_KEY_PREFIX}. */
  public RedisRateLimiter(RedisConnection redis, double ratePerSecond, int burst, Clock clock) {
    this(redis, RedisSessionStore.DEFAULT_KEY_PREFIX, ratePerSecond, burst, clock);
  }

  @Override
  public Admission tryAcquire(String key) {
    requireNonNull(key, "key is null");
    Instant now = clock.instant();
    if (now.isBefore(retryRedisAt.get())) {
      return fallback.tryAcquire(key);
    }
    try {
      Admission admission = take(key, now);
      if (degraded.compareAndSet(true, false)) {
        LOG.info("rate limits are shared through Redis at {} again", redis.redactedUrl());
      }
      return admission;
    } catch (GateException e) {
      retryRedisAt.set(now.plus(RETRY_REDIS_AFTER));
      if (degraded.compareAndSet(false, true)) {
        LOG.warn(
            "rate limits fall back to this instance's own buckets until Redis answers: {}",
            e.getMessage());
      }
      return fallback.tryAcquire(key);
    }
  }

  /** Whether the limiter is using its own buckets because Redis failed. */
  public boolean isDegraded() {
    return degraded.get();
  }

  private Admission take(String key, Instant now) {
    String[] bucket = {keys.bucket(key)};
    String micros = Long.toString(RedisSessionStore.micros(now));
    List<Object> result =
        redis.call(
            "take a rate limit token for " + key,
            c -> TAKE.<List<Object>>run(c, ScriptOutputType.MULTI, bucket, rate, burst, micros));
    if (result.size() == 2 && result.get(0) instanceof Long taken && taken == 1) {
      return new Admission.Admitted();
    }
    double tokens = Double.parseDouble(String.valueOf(result.get(1)));
    double missing = 1 - tokens;
    return new Admission.Limited(Duration.ofNanos((long) Math.ceil(missing / ratePerSecond * 1e9)));
  }
}
