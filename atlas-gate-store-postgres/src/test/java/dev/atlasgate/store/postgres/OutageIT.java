package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.session.Role;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database going away and coming back, between the gateway and the server (a TCP forwarder that
 * the test cuts): calls fail closed with the backend's code, nothing is half written, and the same
 * objects work again once the server is back.
 */
class OutageIT {
  private static final PostgresDatabase.Settings QUICK =
      PostgresDatabase.Settings.defaults()
          .withConnectTimeout(Duration.ofMillis(500))
          .withMaxPoolSize(4);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
  private DatabaseUrl direct;
  private TcpProxy proxy;
  private PostgresDatabase database;
  private PostgresAuditLog log;
  private PostgresSessionStore sessions;

  @BeforeEach
  void open() {
    direct = TestPostgres.server().newMigratedDatabase();
    proxy = TcpProxy.before(direct);
    database = PostgresDatabase.open(direct.withHosts("127.0.0.1:" + proxy.port()), QUICK);
    log =
        PostgresAuditLog.open(database, PostgresAuditLog.DEFAULT_MAX_BATCH, Duration.ofSeconds(2));
    sessions = PostgresSessionStore.open(database, clock);
  }

  @AfterEach
  void close() {
    log.close();
    database.close();
    proxy.close();
    TestPostgres.server().drop(direct);
  }

  @Test
  void serverGone_callsFailClosed_andTheSameObjectsWorkAgainOnceItIsBack() {
    AuditEntry before = null;
    for (int i = 1; i <= 5; i++) {
      before = log.append(Events.event("gw-1", "read_file", i));
    }
    Session session =
        Session.start(
            SessionId.random(),
            Role.WINDSURF,
            Path.of("/srv/work"),
            "alice",
            clock.instant(),
            Duration.ofHours(1));
    sessions.save(session);
    assertThat(database.health()).isInstanceOf(DatabaseHealth.Up.class);

    proxy.cut();

    assertCode(
        () -> log.append(Events.event("gw-1", "write_file", 6)), ErrorCode.AUDIT_UNAVAILABLE);
    assertCode(log::head, ErrorCode.AUDIT_UNAVAILABLE);
    assertCode(() -> sessions.find(session.id()), ErrorCode.SESSION_STORE_UNAVAILABLE);
    assertCode(() -> sessions.save(session), ErrorCode.SESSION_STORE_UNAVAILABLE);
    assertCode(sessions::countActive, ErrorCode.SESSION_STORE_UNAVAILABLE);
    assertThat(database.health())
        .isInstanceOfSatisfying(
            DatabaseHealth.Down.class,
            down ->
                assertThat(down.reason()).startsWith("postgresql://").doesNotContain("password"));

    proxy.start();
    awaitServerBack();

    AuditEntry after = log.append(Events.event("gw-1", "write_file", 7));
    assertThat(after.seq()).as("the failed entry left no gap").isEqualTo(6);
    assertThat(after.prevHash()).isEqualTo(before.hash());
    assertThat(sessions.find(session.id())).contains(session);
    assertThat(numbersInTheLog()).containsExactly(1, 2, 3, 4, 5, 7);
    assertValid(6);
  }

  @Test
  void serverGoneDuringConcurrentAppends_noAcknowledgedEntryIsLost_andNoneHalfWritten()
      throws Exception {
    Map<Integer, AuditEntry> acknowledged = new ConcurrentHashMap<>();
    Map<Integer, GateException> failed = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    CountDownLatch someAcknowledged = new CountDownLatch(60);
    CountDownLatch someFailed = new CountDownLatch(6);
    List<Thread> appenders = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      appenders.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int n; (n = next.incrementAndGet()) <= 400; ) {
                      try {
                        acknowledged.put(n, log.append(Events.event("gw-1", "write_file", n)));
                        someAcknowledged.countDown();
                      } catch (GateException e) {
                        failed.put(n, e);
                        someFailed.countDown();
                      }
                    }
                  }));
    }
    assertThat(someAcknowledged.await(30, TimeUnit.SECONDS)).isTrue();
    proxy.cut();
    assertThat(someFailed.await(30, TimeUnit.SECONDS)).isTrue();
    proxy.start();
    awaitServerBack();
    for (Thread appender : appenders) {
      appender.join(TimeUnit.SECONDS.toMillis(60));
    }

    assertThat(failed.values())
        .allSatisfy(e -> assertThat(e.code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE));
    assertThat(acknowledged.size() + failed.size()).isEqualTo(400);
    List<Integer> inTheLog = numbersInTheLog();
    assertThat(inTheLog).doesNotHaveDuplicates().containsAll(acknowledged.keySet());
    for (int n : inTheLog) {
      if (!acknowledged.containsKey(n)) {
        assertThat(failed.get(n).getMessage())
            .as("entry %d is in the log: its caller must have been told it may be", n)
            .contains(AuditWriter.OUTCOME_UNKNOWN);
      }
    }
    try (Stream<StoredEntry> entries = log.entries(1)) {
      entries
          .map(e -> AuditEntry.fromJson(((StoredEntry.Readable) e).json()))
          .forEach(
              e -> {
                int n = (int) number(e.event().args().get("n").orElseThrow());
                if (acknowledged.containsKey(n)) {
                  assertThat(e).as("entry %d as acknowledged", n).isEqualTo(acknowledged.get(n));
                }
              });
    }
    assertValid(inTheLog.size());
    assertThat(log.append(Events.event("gw-1", "read_file", 401)).seq())
        .isEqualTo(inTheLog.size() + 1);
  }

  @Test
  void terminatedBackends_areReplaced_withoutFailingACall() throws Exception {
    log.append(Events.event("gw-1", "read_file", 1));
    Session session =
        Session.start(
            SessionId.random(),
            Role.ANTIGRAVITY,
            Path.of("/srv/work"),
            "bob",
            clock.instant(),
            Duration.ofHours(1));
    sessions.save(session);
    try (Connection c = TestPostgres.server().superuser(direct);
        Statement s = c.createStatement()) {
      s.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
    }
    assertThat(log.append(Events.event("gw-1", "read_file", 2)).seq()).isEqualTo(2);
    assertThat(sessions.find(session.id())).contains(session);
    assertValid(2);
  }

  /** What a readiness probe does: the pool reconnects on its own, within its backoff. */
  private void awaitServerBack() {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> database.health() instanceof DatabaseHealth.Up);
  }

  private List<Integer> numbersInTheLog() {
    try (PostgresDatabase reader = PostgresDatabase.open(direct, QUICK.withMigrate(false));
        PostgresAuditLog directLog = PostgresAuditLog.open(reader);
        Stream<StoredEntry> entries = directLog.entries(1)) {
      return entries
          .map(e -> ((StoredEntry.Readable) e).json())
          .map(json -> json.object("args").flatMap(a -> a.get("n")).orElseThrow())
          .map(n -> (int) number(n))
          .toList();
    }
  }

  private void assertValid(long entries) {
    try (PostgresDatabase reader = PostgresDatabase.open(direct, QUICK.withMigrate(false));
        PostgresAuditLog directLog = PostgresAuditLog.open(reader)) {
      Verification java = Events.verify(directLog);
      assertThat(java.valid()).as("%s", java).isTrue();
      assertThat(java.entriesChecked()).isEqualTo(entries);
      assertThat(directLog.verifyInDatabase()).isEqualTo(java);
    }
  }

  private static long number(dev.atlasgate.json.Json json) {
    return ((JsonNumber) json).value().longValueExact();
  }

  private static void assertCode(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(GateException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
