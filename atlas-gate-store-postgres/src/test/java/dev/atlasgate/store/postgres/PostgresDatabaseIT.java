package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresDatabaseIT {

  @Test
  void health_isUp_withTheServerVersion() {
    DatabaseUrl url = TestPostgres.server().newMigratedDatabase();
    try (PostgresDatabase database =
        PostgresDatabase.open(url, PostgresDatabase.Settings.defaults())) {
      assertThat(database.health())
          .isInstanceOfSatisfying(
              DatabaseHealth.Up.class, up -> assertThat(up.serverVersion()).matches("\\d+.*"));
      assertThat(database.redactedUrl()).isEqualTo(url.redacted()).endsWith("/" + url.database());
    } finally {
      TestPostgres.server().drop(url);
    }
  }

  @Test
  void aClosedPort_failsToOpen_withTheUrlButNotThePassword() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    DatabaseUrl url =
        DatabaseUrl.parse("postgresql://atlas:hunter2@127.0.0.1:" + closed + "/atlas");
    assertThatThrownBy(
            () ->
                PostgresDatabase.open(
                    url,
                    PostgresDatabase.Settings.defaults().withConnectTimeout(Duration.ofSeconds(1))))
        .isInstanceOfSatisfying(
            GateException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR))
        .hasMessageContaining("127.0.0.1:" + closed)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void settings_areValidatedWithAMessageNamingTheValue() {
    assertThatThrownBy(() -> PostgresDatabase.Settings.defaults().withMaxPoolSize(1))
        .hasMessageContaining("maxPoolSize must be 2 or more, not 1");
    assertThatThrownBy(
            () -> PostgresDatabase.Settings.defaults().withConnectTimeout(Duration.ofMillis(10)))
        .hasMessageContaining("connectTimeout must be 500 ms or more");
  }
}
