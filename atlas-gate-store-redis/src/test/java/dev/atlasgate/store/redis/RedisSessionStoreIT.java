package dev.atlasgate.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.session.Role;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.session.SessionStore;
import dev.atlasgate.session.TransportSession;
import dev.atlasgate.testing.MutableClock;
import dev.atlasgate.testing.SessionStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session store contract, and what sharing sessions through Redis adds, on a real Redis. */
class RedisSessionStoreIT extends SessionStoreContract {
  private static TestRedis server;
  private static RedisConnection redis;
  private static final String PREFIX = TestRedis.uniquePrefix("sessions");
  private static final AtomicInteger STORES = new AtomicInteger();

  private final MutableClock clock = new MutableClock(START);

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

  /** Each test gets its own prefix, so its store starts empty. */
  @Override
  protected SessionStore newStore() {
    return new RedisSessionStore(redis, PREFIX + ":" + STORES.incrementAndGet(), clock);
  }

  @Override
  protected Instant now() {
    return clock.instant();
  }

  @Override
  protected void advance(Duration duration) {
    clock.advance(duration);
  }

  private static Session session(Instant now, Duration ttl) {
    return Session.start(
        SessionId.random(), Role.WINDSURF, Path.of("/srv/work"), "alice", now, ttl);
  }

  @Test
  void twoInstances_onSeparateConnections_seeEachOthersSessions() {
    String prefix = PREFIX + ":shared";
    try (RedisConnection first = server.connect();
        RedisConnection second = server.connect()) {
      var a = new RedisSessionStore(first, prefix, clock);
      var b = new RedisSessionStore(second, prefix, clock);
      Session session = session(now(), TTL);
      a.save(session);
      assertThat(b.find(session.id())).contains(session);
      Session touched = session.touched(now().plusSeconds(30), TTL);
      b.save(touched);
      assertThat(a.find(session.id())).contains(touched);
      TransportSession transport = TransportSession.start("2025-11-25", "alice", now(), TTL);
      b.saveTransport(transport.bound(session.id()));
      assertThat(a.findTransport(transport.id())).contains(transport.bound(session.id()));
      assertThat(a.countActive()).isEqualTo(1);
      assertThat(a.countTransports("alice")).isEqualTo(1);
      assertThat(a.delete(session.id())).isTrue();
      assertThat(b.find(session.id())).isEmpty();
      assertThat(b.deleteTransport(transport.id())).isTrue();
      assertThat(a.countTransports("alice")).isZero();
    }
  }

  @Test
  void save_setsRedisTtl_andRedisDropsTheKeyAtExpiry() {
    var store = new RedisSessionStore(redis, PREFIX + ":ttl", Clock.systemUTC());
    Duration ttl = Duration.ofMillis(1500);
    Session session = session(Instant.now(), ttl);
    store.save(session);
    String key = new RedisKeys(PREFIX + ":ttl").session(session.id());
    assertThat(redis.commands().pttl(key)).isBetween(1L, 1500L);
    assertThat(store.find(session.id())).contains(session);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> redis.commands().exists(key) == 0);
    assertThat(store.find(session.id())).isEmpty();
    assertThat(store.countActive()).isZero();
  }

  @Test
  void index_expiresWithItsLongestLivedMember() {
    String prefix = PREFIX + ":index";
    var store = new RedisSessionStore(redis, prefix, clock);
    store.save(session(now(), Duration.ofMinutes(1)));
    store.save(session(now(), Duration.ofMinutes(5)));
    store.save(session(now(), Duration.ofMinutes(2)));
    long ttl = redis.commands().pttl(new RedisKeys(prefix).sessionIndex());
    assertThat(ttl).isBetween(Duration.ofMinutes(4).toMillis(), Duration.ofMinutes(5).toMillis());
  }

  @Test
  void storedSession_takesLessThanOneKilobyteOfRedisMemory() {
    String prefix = PREFIX + ":size";
    var store = new RedisSessionStore(redis, prefix, clock);
    Session session =
        Session.start(
            SessionId.random(),
            Role.ANTIGRAVITY,
            Path.of("/srv/workspaces/team-platform/atlas-gate-service-repository"),
            "ci-agent@platform-team.example.com",
            now(),
            TTL);
    store.save(session.touched(now().plusNanos(123_456_789), TTL));
    Long bytes = redis.commands().memoryUsage(new RedisKeys(prefix).session(session.id()));
    assertThat(bytes).isNotNull().isPositive().isLessThan(1024L);
    TransportSession transport =
        TransportSession.start("2025-11-25", "ci-agent@platform-team.example.com", now(), TTL)
            .bound(session.id());
    store.saveTransport(transport);
    assertThat(redis.commands().memoryUsage(new RedisKeys(prefix).transport(transport.id())))
        .isLessThan(1024L);
  }

  @Test
  void find_valueThatIsNotASession_isUnavailableNotEmpty() {
    String prefix = PREFIX + ":corrupt";
    var store = new RedisSessionStore(redis, prefix, clock);
    SessionId id = SessionId.random();
    redis.commands().set(new RedisKeys(prefix).session(id), "{\"v\":1,\"role\":\"ROOT\"}");
    assertThatThrownBy(() -> store.find(id))
        .isInstanceOfSatisfying(
            GateException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_STORE_UNAVAILABLE))
        .hasMessageContaining("is not a session");
  }

  @Test
  void save_alreadyExpiredSession_isNeitherFoundNorCounted() {
    var store = new RedisSessionStore(redis, PREFIX + ":expired", clock);
    Session session = session(now().minus(TTL.multipliedBy(2)), TTL);
    store.save(session);
    assertThat(store.find(session.id())).isEmpty();
    assertThat(store.countActive()).isZero();
  }
}
