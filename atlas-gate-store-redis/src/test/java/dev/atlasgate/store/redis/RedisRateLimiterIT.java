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
  void burstIsAdmitted_thenLimited_withRetryAfter_beforeAndAfterReconciling() {
    RedisRateLimiter limiter = limiter(redis, clock);
    String alice = key("alice");
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
    }
    assertThat(limiter.tryAcquire(alice)).isEqualTo(new Admission.Limited(Duration.ofMillis(100)));
    assertThat(limiter.reconcile()).isEqualTo(1);
    assertThat(limiter.tryAcquire(alice)).isEqualTo(new Admission.Limited(Duration.ofMillis(100)));
  }

  @Test
  void reconciledAtEveryStep_answersAsTheInMemoryLimiterDoes() {
    RedisRateLimiter shared = new RedisRateLimiter(redis, PREFIX, 7.5, 5, clock);
    RateLimiter local = new TokenBucketLimiter(7.5, 5, clock);
    String alice = key("alice");
    Random random = new Random(42);
    for (int step = 0; step < 300; step++) {
      clock.advance(Duration.ofMillis(random.nextInt(120)));
      assertThat(shared.tryAcquire(alice)).as("step %d", step).isEqualTo(local.tryAcquire(alice));
      shared.reconcile();
    }
  }

  @Test
  void tokensRefillAtTheRate() {
    RedisRateLimiter limiter = limiter(redis, clock);
    String alice = key("alice");
    for (int i = 0; i < 20; i++) {
      limiter.tryAcquire(alice);
    }
    limiter.reconcile();
    clock.advance(Duration.ofMillis(250));
    assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
    limiter.reconcile();
    assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
    assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Limited.class);
    limiter.reconcile();
    clock.advance(Duration.ofSeconds(60));
    limiter.reconcile();
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
    }
    assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Limited.class);
  }

  @Test
  void keysAreIndependent() {
    RedisRateLimiter limiter = limiter(redis, clock);
    String alice = key("alice");
    String bob = key("bob");
    for (int i = 0; i < 20; i++) {
      limiter.tryAcquire(alice);
    }
    limiter.reconcile();
    assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Limited.class);
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.tryAcquire(bob)).isInstanceOf(Admission.Admitted.class);
    }
  }

  @Test
  void twoInstances_onSeparateConnections_shareOneBucket_onceReconciled() {
    String alice = key("alice");
    try (RedisConnection first = server.connect();
        RedisConnection second = server.connect()) {
      RedisRateLimiter a = limiter(first, clock);
      RedisRateLimiter b = limiter(second, clock);
      for (int i = 0; i < 10; i++) {
        assertThat(a.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
        assertThat(b.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
      }
      a.reconcile();
      b.reconcile();
      a.reconcile();
      assertThat(a.tryAcquire(alice)).isInstanceOf(Admission.Limited.class);
      assertThat(b.tryAcquire(alice)).isInstanceOf(Admission.Limited.class);
      clock.advance(Duration.ofMillis(100));
      assertThat(b.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
      b.reconcile();
      a.reconcile();
      assertThat(a.tryAcquire(alice)).isInstanceOf(Admission.Limited.class);
    }
  }

  @Test
  void twoInstancesHammeringOneKey_admitTheRate_plusABoundedOvershoot() throws Exception {
    String alice = key("alice");
    int rate = 10;
    int burst = 20;
    Duration period = Duration.ofMillis(100);
    int seconds = 30;
    try (RedisConnection second = server.connect()) {
      List<RedisRateLimiter> instances =
          List.of(
              new RedisRateLimiter(redis, PREFIX, rate, burst, clock),
              new RedisRateLimiter(second, PREFIX, rate, burst, clock));
      int admitted = 0;
      for (int tick = 0; tick < seconds * 1000L / period.toMillis(); tick++) {
        for (RedisRateLimiter instance : instances) {
          for (int call = 0; call < 50; call++) {
            admitted += instance.tryAcquire(alice) instanceof Admission.Admitted ? 1 : 0;
          }
        }
        clock.advance(period);
        for (RedisRateLimiter instance : instances) {
          instance.reconcile();
        }
      }
      // one bucket would admit burst + rate × seconds; the second instance may add at most
      // burst + rate × period before it learns of the first's takes
      int oneBucket = burst + rate * seconds;
      assertThat(admitted)
          .isGreaterThanOrEqualTo(oneBucket - rate)
          .isLessThanOrEqualTo(oneBucket + burst + rate * (int) period.toMillis() / 1000);
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
  void aRequest_sendsNothingToRedis() throws Exception {
    try (TestRedis own = TestRedis.embedded();
        RedisConnection connection = own.connect()) {
      RedisRateLimiter limiter = limiter(connection, clock);
      List<String> callers = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        callers.add(key("caller"));
      }
      long before = commandsProcessed(connection);
      for (int i = 0; i < 1_000; i++) {
        limiter.tryAcquire(callers.get(i % 10));
        clock.advance(Duration.ofMillis(1));
      }
      assertThat(commandsProcessed(connection) - before).as("only the INFO itself").isEqualTo(1);
      assertThat(limiter.reconcile()).isEqualTo(10);
    }
  }

  private static long commandsProcessed(RedisConnection connection) {
    return connection
        .commands()
        .info("stats")
        .lines()
        .filter(l -> l.startsWith("total_commands_processed:"))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void clockBehindTheBucket_refillsNothing_untilItPassesTheBucketsTime() {
    String alice = key("alice");
    MutableClock behind = new MutableClock(clock.instant().minusSeconds(5));
    RedisRateLimiter ahead = limiter(redis, clock);
    RedisRateLimiter late = limiter(redis, behind);
    for (int i = 0; i < 20; i++) {
      ahead.tryAcquire(alice);
    }
    ahead.reconcile();
    // a key new to an instance starts with a full copy: one token is taken before it learns
    assertThat(late.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
    late.reconcile();
    assertThat(late.tryAcquire(alice)).isInstanceOf(Admission.Limited.class);
    behind.advance(Duration.ofSeconds(5).plusMillis(100));
    assertThat(late.tryAcquire(alice))
        .as("that token is owed")
        .isInstanceOf(Admission.Limited.class);
    behind.advance(Duration.ofMillis(100));
    assertThat(late.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void idleBucket_expiresInRedisOnceFullAgain() {
    var limiter = new RedisRateLimiter(redis, PREFIX, 100, 2, Clock.systemUTC());
    String alice = key("alice");
    limiter.tryAcquire(alice);
    limiter.reconcile();
    String bucket = new RedisKeys(PREFIX).bucket(alice);
    assertThat(redis.commands().pttl(bucket)).isBetween(1L, 1010L);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> redis.commands().exists(bucket) == 0);
    assertThat(limiter.tryAcquire(alice)).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void aReconcilingLimiter_chargesRedisOnItsOwn() {
    String alice = key("alice");
    String bucket = new RedisKeys(PREFIX).bucket(alice);
    try (RedisRateLimiter limiter =
        RedisRateLimiter.reconciling(redis, PREFIX, 10, 20, clock, Duration.ofMillis(10))) {
      for (int i = 0; i < 20; i++) {
        limiter.tryAcquire(alice);
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(redis.commands().hget(bucket, "tokens")).isEqualTo("0"));
    }
  }

  @Test
  void close_chargesWhatWasTakenSinceTheLastReconciliation() {
    String alice = key("alice");
    RedisRateLimiter limiter =
        RedisRateLimiter.reconciling(redis, PREFIX, 10, 20, clock, Duration.ofHours(1));
    for (int i = 0; i < 5; i++) {
      limiter.tryAcquire(alice);
    }
    limiter.close();
    assertThat(redis.commands().hget(new RedisKeys(PREFIX).bucket(alice), "tokens"))
        .isEqualTo("15");
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
