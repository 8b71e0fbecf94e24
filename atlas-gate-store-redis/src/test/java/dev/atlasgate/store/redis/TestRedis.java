package dev.atlasgate.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import redis.embedded.RedisServer;

/**
 * The Redis a test class runs against: the server named by {@code ATLAS_TEST_REDIS_URL} when it is
 * set, else an embedded one on a free loopback port that this object starts and stops.
 *
 * <p>Each test class keeps its keys under a prefix of its own and deletes them at the end, so a
 * shared external server is left as it was found.
 */
final class TestRedis implements AutoCloseable {
  static final String ENV = "ATLAS_TEST_REDIS_URL";

  private final Optional<RedisServer> server;
  private final RedisUrl url;

  private TestRedis(Optional<RedisServer> server, RedisUrl url) {
    this.server = server;
    this.url = url;
  }

  /** The external server if {@code ATLAS_TEST_REDIS_URL} is set, else a new embedded one. */
  static TestRedis start() {
    String external = System.getenv(ENV);
    if (external != null && !external.isBlank()) {
      return new TestRedis(Optional.empty(), RedisUrl.parse(external.strip()));
    }
    return embedded();
  }

  /** A new embedded server, whatever the environment says: for tests that stop and start it. */
  static TestRedis embedded() {
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      try {
        RedisServer server =
            RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .soutListener(line -> {})
                .build();
        server.start();
        return new TestRedis(Optional.of(server), RedisUrl.parse("redis://127.0.0.1:" + port));
      } catch (IOException e) {
        last = e;
      }
    }
    throw new UncheckedIOException("cannot start an embedded Redis", last);
  }

  RedisUrl url() {
    return url;
  }

  boolean isEmbedded() {
    return server.isPresent();
  }

  RedisConnection connect() {
    return RedisConnection.open(url);
  }

  /** A key prefix no other test uses. */
  static String uniquePrefix(String name) {
    byte[] random = new byte[6];
    ThreadLocalRandom.current().nextBytes(random);
    return "test-" + name + "-" + HexFormat.of().formatHex(random);
  }

  /** Stops the embedded server, as an outage would. */
  void stop() throws IOException {
    server.orElseThrow().stop();
  }

  /** Starts the embedded server again, on the same port, empty. */
  void restart() throws IOException {
    server.orElseThrow().start();
  }

  /** Deletes the keys under {@code prefix}, in both forms the backends use. */
  static void deleteKeys(RedisConnection redis, String prefix) {
    var commands = redis.commands();
    for (String pattern : List.of("{" + prefix + "*", prefix + "*")) {
      List<String> keys = commands.keys(pattern);
      for (String key : keys) {
        commands.del(key);
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (server.isPresent() && server.get().isActive()) {
      server.get().stop();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
