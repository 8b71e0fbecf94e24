package dev.atlasgate.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.ratelimit.RateLimiter.Admission;
import dev.atlasgate.session.BoundTransport;
import dev.atlasgate.session.Role;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.session.TransportSession;
import dev.atlasgate.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.embedded.Redis;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;
import redis.embedded.RedisShardedCluster;

/**
 * The backends through a Sentinel and on a Redis Cluster, as their URL forms name them: embedded
 * servers, a Sentinel and a three-shard cluster.
 */
class RedisTopologiesIT {
  private static final Duration TTL = Duration.ofMinutes(10);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void sentinelUrl_findsTheMaster_andTheBackendsWork() throws Exception {
    int masterPort = TestRedis.freePort();
    int sentinelPort = TestRedis.freePort();
    List<Redis> started = new ArrayList<>();
    try {
      started.add(start(server(masterPort)));
      started.add(
          start(
              RedisSentinel.newRedisSentinel()
                  .bind("127.0.0.1")
                  .port(sentinelPort)
                  .masterPort(masterPort)
                  .masterName("gate-master")
                  .soutListener(line -> {})
                  .build()));
      RedisUrl url =
          RedisUrl.parse("redis-sentinel://127.0.0.1:" + sentinelPort + "/0#gate-master");
      try (RedisConnection redis = RedisConnection.open(url)) {
        exercise(redis);
      }
    } finally {
      stopAll(started);
    }
  }

  @Test
  void clusterUrl_keepsASessionAndItsIndexInOneSlot_andTheBackendsWork() throws Exception {
    RedisShardedCluster cluster =
        RedisShardedCluster.newRedisCluster()
            .serverPorts(List.of(TestRedis.freePort(), TestRedis.freePort(), TestRedis.freePort()))
            .shard("a", 0)
            .shard("b", 0)
            .shard("c", 0)
            .build();
    try {
      cluster.start();
      List<Integer> ports = cluster.serverPorts();
      awaitClusterOk(ports);
      RedisUrl url =
          RedisUrl.parse(
              "redis-cluster://127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1));
      try (RedisConnection redis = RedisConnection.open(url)) {
        exercise(redis);
        var limiter = new RedisRateLimiter(redis, "topology", 10, 2, clock);
        for (int i = 0; i < 50; i++) {
          assertThat(limiter.tryAcquire("caller-" + i)).isInstanceOf(Admission.Admitted.class);
        }
        // buckets of 50 keys, spread over the shards
        assertThat(limiter.reconcile()).isEqualTo(50);
        assertThat(limiter.isDegraded()).isFalse();
      }
    } finally {
      cluster.stop();
    }
  }

  /** What a gateway does with a session, through {@code redis}. */
  private void exercise(RedisConnection redis) {
    assertThat(redis.health()).isInstanceOf(RedisConnection.Health.Up.class);
    var store = new RedisSessionStore(redis, "topology", clock);
    Session session =
        Session.start(
            SessionId.random(), Role.WINDSURF, Path.of("/srv/w"), "alice", clock.instant(), TTL);
    store.save(session);
    assertThat(store.find(session.id())).contains(session);
    assertThat(store.countActive()).isEqualTo(1);
    TransportSession transport =
        TransportSession.start("2025-11-25", "alice", clock.instant(), TTL).bound(session.id());
    store.saveTransport(transport);
    // the script reads a key it was not given, which a cluster allows in the given key's slot
    assertThat(store.findBound(transport.id()))
        .contains(new BoundTransport(transport, Optional.of(session)));
    assertThat(store.countTransports("alice")).isEqualTo(1);
    assertThat(store.deleteTransport(transport.id())).isTrue();
    assertThat(store.delete(session.id())).isTrue();
    assertThat(store.countActive()).isZero();
    var limiter = new RedisRateLimiter(redis, "topology", 10, 2, clock);
    assertThat(limiter.tryAcquire("alice")).isInstanceOf(Admission.Admitted.class);
    assertThat(limiter.tryAcquire("alice")).isInstanceOf(Admission.Admitted.class);
    assertThat(limiter.tryAcquire("alice")).isInstanceOf(Admission.Limited.class);
    assertThat(limiter.reconcile()).isEqualTo(1);
    assertThat(limiter.isDegraded()).isFalse();
  }

  private static RedisServer server(int port) throws Exception {
    return RedisServer.newRedisServer()
        .port(port)
        .bind("127.0.0.1")
        .setting("save \"\"")
        .setting("appendonly no")
        .soutListener(line -> {})
        .build();
  }

  private static Redis start(Redis redis) throws Exception {
    redis.start();
    return redis;
  }

  private static void stopAll(List<Redis> started) throws Exception {
    for (Redis redis : started.reversed()) {
      redis.stop();
    }
  }

  /** The slots are assigned a little after the nodes start: wait until every node says ok. */
  private static void awaitClusterOk(List<Integer> ports) {
    for (int port : ports) {
      io.lettuce.core.RedisClient client =
          io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + port);
      try (var connection = client.connect()) {
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(30))
            .pollInterval(java.time.Duration.ofMillis(100))
            .until(() -> connection.sync().clusterInfo().contains("cluster_state:ok"));
      } finally {
        client.shutdown();
      }
    }
  }
}
