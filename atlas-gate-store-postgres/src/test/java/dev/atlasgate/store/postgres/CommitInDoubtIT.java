package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditOutcomeUnknown;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A commit whose answer is lost (its backend terminated at the commit, or the server gone) is
 * resolved by reading the chain back, asked again while the database is away: the caller is told
 * the truth, never a guess.
 */
class CommitInDoubtIT {
  private static final PostgresDatabase.Settings QUICK =
      PostgresDatabase.Settings.defaults()
          .withConnectTimeout(Duration.ofMillis(500))
          .withMaxPoolSize(4);

  private DatabaseUrl direct;
  private TcpProxy proxy;
  private PostgresDatabase database;
  private PostgresAuditLog log;

  @BeforeEach
  void open() {
    direct = TestPostgres.server().newMigratedDatabase();
    proxy = TcpProxy.before(direct);
    database = PostgresDatabase.open(direct.withHosts("127.0.0.1:" + proxy.port()), QUICK);
    log =
        PostgresAuditLog.open(database, PostgresAuditLog.DEFAULT_MAX_BATCH, Duration.ofSeconds(3));
  }

  @AfterEach
  void close() {
    log.close();
    database.close();
    proxy.close();
    TestPostgres.server().drop(direct);
  }

  /** Terminates the backend of {@code connection} from a superuser connection. */
  private void terminate(Connection connection) throws SQLException {
    int pid;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      pid = rs.getInt(1);
    }
    try (Connection admin = TestPostgres.server().superuser(direct);
        Statement s = admin.createStatement()) {
      s.execute("SELECT pg_terminate_backend(" + pid + ")");
    }
  }

  /**
   * Commits the open transaction behind the driver's back and opens another, so that the driver's
   * own commit is the one whose answer is lost.
   */
  private static void commitQuietly(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("COMMIT");
      s.execute("BEGIN");
    }
  }

  @Test
  void backendTerminatedAtTheCommit_beforeCommitting_isResolvedAsNotAppended() {
    log.writer().beforeCommit(this::terminate);

    assertThatThrownBy(() -> log.append(Events.event("gw-1", "write_file", 1)))
        .isInstanceOfSatisfying(
            GateException.class,
            e -> {
              assertThat(e).isNotInstanceOf(AuditOutcomeUnknown.class);
              assertThat(e.code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE);
            });
    log.writer().beforeCommit(AuditWriter.Hook.NONE);

    assertThat(log.head().seq()).isZero();
    assertThat(log.append(Events.event("gw-1", "read_file", 2)).seq()).isEqualTo(1);
  }

  @Test
  void backendTerminatedAfterTheCommit_isResolvedAsAppended_andTheCallerGetsItsEntry() {
    log.writer()
        .beforeCommit(
            c -> {
              commitQuietly(c);
              terminate(c);
            });

    AuditEntry entry = log.append(Events.event("gw-1", "write_file", 1));
    log.writer().beforeCommit(AuditWriter.Hook.NONE);

    assertThat(entry.seq()).isEqualTo(1);
    assertThat(log.head().hash()).isEqualTo(entry.hash());
    assertThat(log.append(Events.event("gw-1", "read_file", 2)).seq()).isEqualTo(2);
    assertValid(2);
  }

  @Test
  void serverGoneAtTheCommit_isAskedAgainUntilItIsBack_thenAnswered() {
    AtomicInteger asked = new AtomicInteger();
    log.writer()
        .beforeCommit(
            c -> {
              commitQuietly(c);
              proxy.cut();
            });
    log.writer()
        .beforeResolve(
            c -> {
              if (asked.incrementAndGet() == 3) {
                proxy.start();
              }
            });

    AuditEntry entry = log.append(Events.event("gw-1", "write_file", 1));
    log.writer().beforeCommit(AuditWriter.Hook.NONE);

    assertThat(asked.get()).isGreaterThanOrEqualTo(3);
    assertThat(entry.seq()).isEqualTo(1);
    assertValid(1);
  }

  @Test
  void serverGoneForLongerThanTheDeadline_theOutcomeIsUnknown_neverGuessed() {
    log.writer()
        .beforeCommit(
            c -> {
              commitQuietly(c);
              proxy.cut();
            });

    assertThatThrownBy(() -> log.append(Events.event("gw-1", "write_file", 1)))
        .isInstanceOf(AuditOutcomeUnknown.class)
        .hasMessageContaining(AuditWriter.OUTCOME_UNKNOWN);
    log.writer().beforeCommit(AuditWriter.Hook.NONE);
    proxy.start();

    assertValid(1);
  }

  private void assertValid(long entries) {
    try (PostgresDatabase reader = PostgresDatabase.open(direct, QUICK.withMigrate(false));
        PostgresAuditLog directLog = PostgresAuditLog.open(reader)) {
      Verification java = Events.verify(directLog);
      assertThat(java.valid()).as("%s", java).isTrue();
      assertThat(java.entriesChecked()).isEqualTo(entries);
    }
  }
}
