package dev.atlasgate.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** Opening, checking and closing connections, against a password-protected embedded Redis. */
class RedisConnectionIT {
  private static final String PASSWORD = "correct-horse-battery";
  private static RedisServer server;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    port = TestRedis.freePort();
    server =
        RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("save \"\"")
            .setting("appendonly no")
            .setting("requirepass " + PASSWORD)
            .soutListener(line -> {})
            .build();
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  private static RedisUrl url(String password, int db) {
    return RedisUrl.parse("redis://:" + password + "@127.0.0.1:" + port + "/" + db);
  }

  @Test
  void open_withThePassword_isHealthy_andLogsOnlyTheRedactedUrl() {
    try (RedisConnection redis = RedisConnection.open(url(PASSWORD, 3))) {
      assertThat(redis.health())
          .isInstanceOfSatisfying(
              RedisConnection.Health.Up.class,
              up -> assertThat(up.roundTrip()).isLessThan(Duration.ofSeconds(2)));
      assertThat(redis.redactedUrl()).isEqualTo("redis://:***@127.0.0.1:" + port + "/3");
      assertThat(redis.toString()).doesNotContain(PASSWORD);
      assertThat(redis.url().toString()).doesNotContain(PASSWORD);
      assertThat(redis.commandTimeout()).isEqualTo(RedisConnection.DEFAULT_COMMAND_TIMEOUT);
    }
  }

  @Test
  void open_selectsTheDatabaseOfTheUrl() {
    try (RedisConnection db3 = RedisConnection.open(url(PASSWORD, 3));
        RedisConnection db4 = RedisConnection.open(url(PASSWORD, 4))) {
      db3.commands().set("db-check", "three");
      assertThat(db4.commands().get("db-check")).isNull();
      assertThat(db3.commands().get("db-check")).isEqualTo("three");
    }
  }

  @Test
  void open_withAWrongPassword_isUnavailable_withoutThePassword() {
    assertThatThrownBy(() -> RedisConnection.open(url("wrong-guess", 0)).close())
        .isInstanceOfSatisfying(
            GateException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_STORE_UNAVAILABLE))
        .hasMessageContaining("redis://:***@127.0.0.1:" + port)
        .hasMessageNotContaining("wrong-guess");
  }

  @Test
  void open_refusesANonPositiveTimeout() {
    assertThatThrownBy(() -> RedisConnection.open(url(PASSWORD, 0), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("commandTimeout must be positive: PT0S");
  }
}
