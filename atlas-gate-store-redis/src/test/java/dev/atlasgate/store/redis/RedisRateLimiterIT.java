package dev.atlasgate.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atlasgate.ratelimit.RateLimiter;
import dev.atlasgate.ratelimit.RateLimiter.Admission;
import dev.atlasgate.ratelimit.TokenBucketLimiter;
import dev.atlasgate.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Token buckets shared through a real Redis: the semantics of the in-memory limiter, shared. */
class RedisRateLimiterIT {
  private static final String PREFIX = TestRedis.uniquePrefix("rate");
  private static TestRedis server;
  private static RedisConnection redis;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeAll
  static void startRedis() {
    server = TestRedis.start();
    redis = server.connect();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    try (TestRedis s = server;
        RedisConnection r = redis) {
      TestRedis.deleteKeys(r, PREFIX);
    }
  }

  private static String key(String name) {
    return name + "-" + TestRedis.uniquePrefix("k");
  }

  private RedisRateLimiter limiter(RedisConnection connection, Clock clock) {
    return new RedisRateLimiter(connection, PREFIX, 10, 20, clock);
  }

  @Test
  void burstIsAdmitted_thenLimited_withRetryAfter() {
    RateLimiter limiter = limiter(redis, clock);
    String alice = key("alice");
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
    }
    assertThat(limiter.tryAcquire(alice)).isEqualTo(new Admission.Limited(Duration.ofMillis(100)));
  }

  @Test
  void answersAsTheInMemoryLimiterDoes_stepForStep() {
    RateLimiter shared = new RedisRateLimiter(redis, PREFIX, 7.5, 5, clock);
    RateLimiter local = new TokenBucketLimiter(7.5, 5, clock);
    String alice = key("alice");
    Random random = new Random(42);
    for (int step = 0; step < 300; step++) {
      clock.advance(Duration.ofMillis(random.nextInt(120)));
      assertThat(shared.tryAcquire(alice)).as("step %d", step).isEqualTo(local.tryAcquire(alice));
    }
  }

  @Test
  void tokensRefillAtTheRate() {
    RateLimiter limiter = limiter(redis, clock);
    String alice = key("alice");
    for (int i = 0; i < 20; i++) {
      limiter.tryAcquire(alice);
    }
    clock.advance(Duration.ofMillis(250));
    assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
    assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
    assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Limited.class);
    clock.advance(Duration.ofSeconds(60));
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
    }
    assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Limited.class);
  }

  @Test
  void keysAreIndependent() {
    RateLimiter limiter = limiter(redis, clock);
    String alice = key("alice");
    String bob = key("bob");
    for (int i = 0; i < 20; i++) {
      limiter.tryAcquire(alice);
    }
    assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Limited.class);
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.tryAcquire(bob)).isInstanceOf(Admission.Admitted.class);
    }
  }

  @Test
  void twoInstances_onSeparateConnections_shareOneBucket() {
    String alice = key("alice");
    try (RedisConnection first = server.connect();
        RedisConnection second = server.connect()) {
      RateLimiter a = limiter(first, clock);
      RateLimiter b = limiter(second, clock);
      for (int i = 0; i < 10; i++) {
        assertThat(a.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
        assertThat(b.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
      }
      assertThat(a.tryAcquire(alice)).isInstanceOf(Admission.Limited.class);
      assertThat(b.tryAcquire(alice)).isInstanceOf(Admission.Limited.class);
      clock.advance(Duration.ofMillis(100));
      assertThat(b.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
      assertThat(a.tryAcquire(alice)).isInstanceOf(Admission.Limited.class);
    }
  }

  @Test
  void concurrentCallers_getExactlyTheBurst() throws Exception {
    RateLimiter limiter = limiter(redis, clock);
    String alice = key("alice");
    List<Callable<Admission>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      calls.add(() -> limiter.tryAcquire(alice));
    }
    int admitted = 0;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<Admission> result : pool.invokeAll(calls)) {
        admitted += result.get() instanceof Admission.Admitted ? 1 : 0;
      }
    }
    assertThat(admitted).isEqualTo(20);
  }

  @Test
  void clockBehindTheLastCaller_addsNoTokens() {
    String alice = key("alice");
    MutableClock behind = new MutableClock(clock.instant().minusSeconds(5));
    RateLimiter ahead = limiter(redis, clock);
    RateLimiter late = limiter(redis, behind);
    for (int i = 0; i < 20; i++) {
      ahead.tryAcquire(alice);
    }
    assertThat(late.tryAcquire(alice)).isInstanceOf(Admission.Limited.class);
    behind.advance(Duration.ofSeconds(5).plusMillis(100));
    assertThat(late.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void idleBucket_expiresInRedisOnceFullAgain() {
    var limiter = new RedisRateLimiter(redis, PREFIX, 100, 2, Clock.systemUTC());
    String alice = key("alice");
    limiter.tryAcquire(alice);
    String bucket = new RedisKeys(PREFIX).bucket(alice);
    assertThat(redis.commands().pttl(bucket)).isBetween(1L, 1010L);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> redis.commands().exists(bucket) == 0);
    assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void badSettings_areRefusedWithTheValues() {
    assertThatThrownBy(() -> new RedisRateLimiter(redis, PREFIX, 0, 20, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.0, 20");
    assertThatThrownBy(() -> new RedisRateLimiter(redis, "bad prefix", 10, 20, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"bad prefix\"");
  }
}
