package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.session.Role;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionStore;
import dev.atlasgate.session.TransportSession;
import dev.atlasgate.testing.MutableClock;
import dev.atlasgate.testing.SessionStoreContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session store contract on PostgreSQL: one database for the class, emptied per test. */
class PostgresSessionStoreIT extends SessionStoreContract {
  private static DatabaseUrl url;
  private static PostgresDatabase database;
  private final MutableClock clock = new MutableClock(START);

  @BeforeAll
  static void openDatabase() {
    url = TestPostgres.server().newMigratedDatabase();
    database = PostgresDatabase.open(url, PostgresDatabase.Settings.defaults());
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
    TestPostgres.server().drop(url);
  }

  @Override
  protected SessionStore newStore() {
    TestPostgres.server().execute(url, "DELETE FROM sessions; DELETE FROM transport_sessions");
    return PostgresSessionStore.open(database, clock);
  }

  @Override
  protected Instant now() {
    return clock.instant();
  }

  @Override
  protected void advance(Duration duration) {
    clock.advance(duration);
  }

  @Test
  void expiredRows_areNeverReturned_andPurgeRemovesOnlyThem() throws Exception {
    PostgresSessionStore store = (PostgresSessionStore) store();
    Session old = session(Role.WINDSURF);
    store.save(old);
    store.saveTransport(TransportSession.start("2025-11-25", "alice", now(), TTL));
    advance(TTL);
    assertThat(store.find(old.id())).as("expired at exactly expires_at").isEmpty();
    Session fresh = session(Role.ANTIGRAVITY);
    store.save(fresh);
    assertThat(rows("sessions")).isEqualTo(2);
    assertThat(store.purgeExpired()).isEqualTo(2);
    assertThat(rows("sessions")).isEqualTo(1);
    assertThat(rows("transport_sessions")).isZero();
    assertThat(store.find(fresh.id())).contains(fresh);
  }

  @Test
  void aSession_isSeenByAnotherInstance() {
    Session session = session(Role.WINDSURF);
    store().save(session);
    try (PostgresDatabase other =
        PostgresDatabase.open(url, PostgresDatabase.Settings.defaults())) {
      assertThat(PostgresSessionStore.open(other, clock).find(session.id())).contains(session);
    }
  }

  private static long rows(String table) throws Exception {
    try (Connection c = database.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
