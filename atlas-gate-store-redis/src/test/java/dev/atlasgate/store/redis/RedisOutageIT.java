package dev.atlasgate.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.ratelimit.RateLimiter.Admission;
import dev.atlasgate.session.Role;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.session.TransportSession;
import dev.atlasgate.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away while the backends are in use, then comes back on the same port: calls fail fast
 * with SESSION_STORE_UNAVAILABLE, and the same objects work again without being recreated.
 *
 * <p>This test stops and starts the server, so it always runs its own embedded Redis.
 */
class RedisOutageIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration FAST = TIMEOUT.plusSeconds(1);
  private static final Duration TTL = Duration.ofMinutes(10);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private TestRedis server;
  private RedisConnection redis;

  @BeforeEach
  void start() {
    server = TestRedis.embedded();
    redis = RedisConnection.open(server.url(), TIMEOUT);
  }

  @AfterEach
  void stop() throws Exception {
    try (TestRedis s = server) {
      redis.close();
    }
  }

  private Session session() {
    return Session.start(
        SessionId.random(), Role.WINDSURF, Path.of("/srv/work"), "alice", clock.instant(), TTL);
  }

  @Test
  void sessionStore_failsFastWhileRedisIsDown_andRecoversOnTheSameObject() throws Exception {
    var store = new RedisSessionStore(redis, "outage", clock);
    Session before = session();
    store.save(before);
    assertThat(store.find(before.id())).contains(before);

    server.stop();
    TransportSession transport =
        TransportSession.start("2025-11-25", "alice", clock.instant(), TTL);
    List<ThrowingCallable> calls =
        List.of(
            () -> store.find(before.id()),
            () -> store.save(session()),
            () -> store.delete(before.id()),
            store::countActive,
            () -> store.saveTransport(transport),
            () -> store.findTransport(transport.id()),
            () -> store.deleteTransport(transport.id()),
            () -> store.countTransports("alice"));
    for (ThrowingCallable call : calls) {
      assertUnavailableWithin(FAST, call);
    }
    assertThat(redis.health()).isInstanceOf(RedisConnection.Health.Down.class);

    server.restart();
    Session after = session();
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .ignoreException(GateException.class)
        .untilAsserted(() -> store.save(after));
    assertThat(store.find(after.id())).contains(after);
    assertThat(store.countActive()).isEqualTo(1);
    assertThat(redis.health()).isInstanceOf(RedisConnection.Health.Up.class);
  }

  @Test
  void rateLimiter_limitsOnItsOwnDuringAnOutage_thenChargesRedisWithIt() throws Exception {
    var limiter = new RedisRateLimiter(redis, "outage", 10, 3, clock);
    assertThat(limiter.tryAcquire("alice")).isInstanceOf(Admission.Admitted.class);
    assertThat(limiter.reconcile()).isEqualTo(1);

    server.stop();
    long start = System.nanoTime();
    for (int i = 0; i < 2; i++) {
      assertThat(limiter.tryAcquire("alice")).isInstanceOf(Admission.Admitted.class);
    }
    assertThat(limiter.tryAcquire("alice")).isInstanceOf(Admission.Limited.class);
    assertThat(limiter.reconcile()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
    assertThat(limiter.isDegraded()).isTrue();

    server.restart();
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> limiter.reconcile() == 1 && !limiter.isDegraded());
    assertThat(redis.commands().hget(new RedisKeys("outage").bucket("alice"), "tokens"))
        .as("the restarted Redis kept nothing: a full bucket, charged with the 2 taken meanwhile")
        .isEqualTo("1");
  }

  @Test
  void redisThatDoesNotAnswer_timesOutAsUnavailable() {
    var store = new RedisSessionStore(redis, "outage", clock);
    Session session = session();
    store.save(session);
    try (RedisConnection other = RedisConnection.open(server.url(), TIMEOUT)) {
      other.commands().clientPause(TIMEOUT.multipliedBy(3).toMillis());
    }
    long start = System.nanoTime();
    assertThatThrownBy(() -> store.find(session.id()))
        .isInstanceOfSatisfying(GateException.class, RedisOutageIT::unavailable)
        .hasMessageContaining("no answer within 1000 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50))
        .isLessThan(FAST);
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreException(GateException.class)
        .untilAsserted(() -> assertThat(store.find(session.id())).contains(session));
  }

  @Test
  void scriptCacheFlushed_scriptsAreSentAgain() {
    var store = new RedisSessionStore(redis, "outage", clock);
    var limiter = new RedisRateLimiter(redis, "outage", 10, 3, clock);
    store.save(session());
    limiter.tryAcquire("alice");
    limiter.reconcile();
    redis.commands().scriptFlush();
    Session session = session();
    store.save(session);
    assertThat(store.find(session.id())).contains(session);
    assertThat(limiter.tryAcquire("alice")).isInstanceOf(Admission.Admitted.class);
    assertThat(limiter.reconcile()).isEqualTo(1);
    assertThat(limiter.isDegraded()).isFalse();
  }

  @Test
  void open_whenNothingListens_failsFastAsUnavailable() throws Exception {
    server.stop();
    long start = System.nanoTime();
    assertThatThrownBy(() -> RedisConnection.open(server.url(), TIMEOUT).close())
        .isInstanceOfSatisfying(GateException.class, RedisOutageIT::unavailable)
        .hasMessageContaining("cannot connect to Redis at redis://127.0.0.1:");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST.plusSeconds(2));
  }

  private static void assertUnavailableWithin(Duration bound, ThrowingCallable call) {
    long start = System.nanoTime();
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(GateException.class, RedisOutageIT::unavailable)
        .hasMessageContaining("Redis at redis://127.0.0.1:");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(bound);
  }

  private static void unavailable(GateException e) {
    assertThat(e.code()).isEqualTo(ErrorCode.SESSION_STORE_UNAVAILABLE);
  }
}
