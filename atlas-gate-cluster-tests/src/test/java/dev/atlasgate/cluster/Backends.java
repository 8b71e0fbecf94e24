package dev.atlasgate.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A real PostgreSQL and a real Redis for one test class, on free loopback ports, each of which can
 * be stopped and started again on the same port with its data kept.
 */
final class Backends implements AutoCloseable {
  private final Path data;
  private final int postgresPort = freePort();
  private final int redisPort = freePort();
  private EmbeddedPostgres postgres;
  private RedisServer redis;

  Backends(Path data) {
    this.data = data;
    startPostgres();
    startRedis();
  }

  String databaseUrl() {
    return "postgresql://postgres:postgres@127.0.0.1:" + postgresPort + "/postgres";
  }

  String redisUrl() {
    return "redis://127.0.0.1:" + redisPort + "/0";
  }

  void startPostgres() {
    try {
      postgres =
          EmbeddedPostgres.builder()
              .setPort(postgresPort)
              .setDataDirectory(data.resolve("pgdata"))
              .setCleanDataDirectory(false)
              .setServerConfig("max_connections", "200")
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL", e);
    }
  }

  void stopPostgres() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop PostgreSQL", e);
    }
  }

  void startRedis() {
    try {
      redis =
          RedisServer.newRedisServer()
              .port(redisPort)
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .soutListener(line -> {})
              .build();
      redis.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Redis", e);
    }
  }

  void stopRedis() {
    try {
      redis.stop();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop Redis", e);
    }
  }

  @Override
  public void close() {
    try {
      stopRedis();
    } finally {
      stopPostgres();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
