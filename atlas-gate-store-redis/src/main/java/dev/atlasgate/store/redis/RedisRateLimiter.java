package dev.atlasgate.store.redis;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.GateException;
import dev.atlasgate.ratelimit.RateLimiter;
import dev.atlasgate.ratelimit.TokenBucketLimiter;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets shared through Redis by every gateway instance, without a round trip per request:
 * each key refills at {@code ratePerSecond} up to {@code burst}, as {@link TokenBucketLimiter}
 * does.
 *
 * <p>A request takes its token from this instance's own copy of the bucket, in memory. {@link
 * #reconcile()} (every {@link #RECONCILE_EVERY} on a thread of its own, for a limiter made by
 * {@link #reconciling}) charges each shared bucket in Redis with what was taken here since, in one
 * Lua script per bucket, and sets the copy to what the shared bucket then holds, so that what other
 * instances took counts here too. Between two reconciliations each instance admits at most what its
 * copy held at the last one plus the refill: N instances may together admit up to (N − 1) × (burst
 * + rate × period) more than one bucket would, all of which is charged to the shared bucket, which
 * then owes it (down to −burst) and refuses until it has refilled. A key this instance has not seen
 * starts with a full copy.
 *
 * <p>Time comes from the instance's clock, in microseconds; a caller whose clock is behind the
 * bucket's time refills nothing. When Redis fails, each instance limits with its own copies (N
 * instances admit at most N times the rate), logs one warning, and charges what it took once Redis
 * answers again.
 */
public final class RedisRateLimiter implements RateLimiter {
  /** How often a {@link #reconciling} limiter reconciles its buckets with Redis. */
  public static final Duration RECONCILE_EVERY = Duration.ofMillis(100);

  private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);
  private static final LuaScript CHARGE = LuaScript.load("token-charge.lua");

  private final RedisConnection redis;
  private final RedisKeys keys;
  private final String rate;
  private final String burst;
  private final Clock clock;
  private final TokenBucketLimiter local;
  private final AtomicBoolean degraded = new AtomicBoolean();
  private final ReentrantLock reconciling = new ReentrantLock();
  private final Optional<ScheduledExecutorService> schedule;

  /**
   * A limiter on {@code redis} whose buckets are under {@code keyPrefix}, refilling at {@code
   * ratePerSecond} (positive) up to {@code burst} (at least 1), on {@code clock}; it reconciles
   * with Redis when {@link #reconcile()} is called.
   */
  public RedisRateLimiter(
      RedisConnection redis, String keyPrefix, double ratePerSecond, int burst, Clock clock) {
    this(redis, keyPrefix, ratePerSecond, burst, clock, false);
  }

  private RedisRateLimiter(
      RedisConnection redis,
      String keyPrefix,
      double ratePerSecond,
      int burst,
      Clock clock,
      boolean inBackground) {
    this.schedule =
        inBackground
            ? Optional.of(
                Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("rate-limit-reconciler").daemon().factory()))
            : Optional.empty();
    this.local = new TokenBucketLimiter(ratePerSecond, burst, clock);
    this.redis = requireNonNull(redis, "redis is null");
    this.keys = new RedisKeys(keyPrefix);
    this.rate = String.format(Locale.ROOT, "%.17g", ratePerSecond);
    this.burst = Integer.toString(burst);
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * A limiter that reconciles with Redis every {@code every} on a thread of its own ({@code
   * rate-limit-reconciler}) until it is closed.
   */
  public static RedisRateLimiter reconciling(
      RedisConnection redis,
      String keyPrefix,
      double ratePerSecond,
      int burst,
      Clock clock,
      Duration every) {
    RedisRateLimiter limiter =
        new RedisRateLimiter(redis, keyPrefix, ratePerSecond, burst, clock, true);
    long millis = Math.max(1, every.toMillis());
    // The task runs until the limiter closes, which shuts its executor down.
    var unused =
        limiter
            .schedule
            .orElseThrow()
            .scheduleWithFixedDelay(
                limiter::reconcileReporting, millis, millis, TimeUnit.MILLISECONDS);
    return limiter;
  }

  /** Takes a token from this instance's copy of {@code key}'s bucket: no round trip. */
  @Override
  public Admission tryAcquire(String key) {
    requireNonNull(key, "key is null");
    return local.tryAcquire(key);
  }

  /**
   * Charges the shared buckets with what was taken here since the last reconciliation, and sets
   * this instance's copies to what they hold; answers how many buckets were reconciled. When Redis
   * fails, what was not charged is kept for the next time.
   */
  public int reconcile() {
    reconciling.lock();
    try {
      List<Map.Entry<String, Long>> usage = new ArrayList<>(local.drain().entrySet());
      for (int i = 0; i < usage.size(); i++) {
        try {
          charge(usage.get(i).getKey(), usage.get(i).getValue());
        } catch (GateException e) {
          usage.subList(i, usage.size()).forEach(u -> local.restore(u.getKey(), u.getValue()));
          if (degraded.compareAndSet(false, true)) {
            LOG.warn("rate limits are this instance's own until Redis answers: {}", e.getMessage());
          }
          return i;
        }
      }
      if (degraded.compareAndSet(true, false)) {
        LOG.info("rate limits are shared through Redis at {} again", redis.redactedUrl());
      }
      return usage.size();
    } finally {
      reconciling.unlock();
    }
  }

  /** Whether the limiter is limiting with its own buckets only, because Redis failed. */
  public boolean isDegraded() {
    return degraded.get();
  }

  private void reconcileReporting() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      LOG.error("reconciling rate limits with Redis failed", e);
    }
  }

  private void charge(String key, long taken) {
    String[] bucket = {keys.bucket(key)};
    String micros = Long.toString(RedisSessionStore.micros(clock.instant()));
    List<Object> level =
        redis.call(
            "charge the rate limit bucket of " + key,
            c ->
                CHARGE.<List<Object>>run(
                    c, ScriptOutputType.MULTI, bucket, rate, burst, micros, Long.toString(taken)));
    Instant at =
        Instant.EPOCH.plus(Long.parseLong(String.valueOf(level.get(1))), ChronoUnit.MICROS);
    local.adopt(key, Double.parseDouble(String.valueOf(level.get(0))), at);
  }

  /** Stops reconciling; what was taken since the last reconciliation is charged first. */
  @Override
  public void close() {
    schedule.ifPresent(
        executor -> {
          executor.shutdown();
          try {
            executor.awaitTermination(redis.commandTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          reconcileReporting();
        });
  }
}
