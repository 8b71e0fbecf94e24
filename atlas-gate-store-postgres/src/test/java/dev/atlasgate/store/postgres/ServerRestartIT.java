package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PostgreSQL server of its own, stopped and started again under a gateway that keeps its
 * objects: appends fail closed while it is down and go on, with the next seq, once it is back.
 */
class ServerRestartIT {
  @TempDir Path data;

  @Test
  void serverStoppedAndStarted_appendsFailClosed_thenGoOnWithTheNextSeq() throws Exception {
    int port = freePort();
    EmbeddedPostgres server = start(port);
    DatabaseUrl url = DatabaseUrl.parse(server.getJdbcUrl("postgres", "postgres"));
    try (PostgresDatabase database =
            PostgresDatabase.open(
                url,
                PostgresDatabase.Settings.defaults().withConnectTimeout(Duration.ofMillis(500)));
        PostgresAuditLog log = PostgresAuditLog.open(database)) {
      AuditEntry last = null;
      for (int i = 1; i <= 10; i++) {
        last = log.append(Events.event("gw-1", "read_file", i));
      }

      server.close();

      assertThatThrownBy(() -> log.append(Events.event("gw-1", "write_file", 11)))
          .isInstanceOfSatisfying(
              GateException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE));
      assertThat(database.health()).isInstanceOf(DatabaseHealth.Down.class);

      server = start(port);
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> database.health() instanceof DatabaseHealth.Up);

      AuditEntry next = log.append(Events.event("gw-1", "write_file", 12));
      assertThat(next.seq()).isEqualTo(11);
      assertThat(next.prevHash()).isEqualTo(last.hash());
      Verification java = Events.verify(log);
      assertThat(java.valid()).as("%s", java).isTrue();
      assertThat(java.entriesChecked()).isEqualTo(11);
      assertThat(log.verifyInDatabase()).isEqualTo(java);
    } finally {
      server.close();
    }
  }

  private EmbeddedPostgres start(int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(data.resolve("pgdata"))
        .setCleanDataDirectory(false)
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
