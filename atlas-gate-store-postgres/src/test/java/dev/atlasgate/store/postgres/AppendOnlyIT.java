package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.audit.Verification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the triggers refuse to an ordinary session (the gateway's own connections, and a superuser
 * who leaves the triggers on): the chain stays as appended.
 */
class AppendOnlyIT {
  private static DatabaseUrl url;
  private static PostgresDatabase database;
  private static PostgresAuditLog log;
  private static AuditEntry last;

  @BeforeAll
  static void appendEntries() {
    url = TestPostgres.server().newMigratedDatabase();
    database = PostgresDatabase.open(url, PostgresDatabase.Settings.defaults());
    log = PostgresAuditLog.open(database);
    for (int i = 1; i <= 10; i++) {
      last = log.append(Events.event("gw-1", "read_file", i));
    }
  }

  @AfterAll
  static void drop() {
    log.close();
    database.close();
    TestPostgres.server().drop(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "UPDATE audit_log SET hash = hash WHERE seq = 3",
        "UPDATE audit_log SET entry = entry",
        "DELETE FROM audit_log WHERE seq = 5",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "TRUNCATE audit_log, audit_archive, audit_head",
        "UPDATE audit_archive SET hash = hash",
        "DELETE FROM audit_archive",
        "TRUNCATE audit_archive",
        "DELETE FROM audit_head",
        "INSERT INTO audit_head (id, seq, hash) VALUES (false, 0, repeat('0', 64))",
        "TRUNCATE audit_head"
      })
  void changingTheChain_isRefused(String sql) {
    assertRefused(sql, "append-only");
  }

  @Test
  void movingTheHead_byHand_isRefused() {
    assertRefused("UPDATE audit_head SET seq = seq + 1", "moves only onto the next appended entry");
    assertRefused(
        "UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3)",
        "moves only onto the next appended entry");
  }

  @Test
  void anEntryThatDoesNotContinueTheChain_isRefused() throws Exception {
    AuditEntry fork = AuditEntry.seal(5, Events.event("gw-2", "write_file", 77), "a".repeat(64));
    assertThatThrownBy(() -> insert("audit_log", fork))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("duplicate key");
    AuditEntry detached =
        AuditEntry.seal(last.seq() + 1, Events.event("gw-2", "write_file", 78), "b".repeat(64));
    assertThatThrownBy(() -> insert("audit_log", detached))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("does not continue the chain");
  }

  @Test
  void onlyACopyOfAnEntry_canBeArchived() {
    AuditEntry forged = AuditEntry.seal(3, Events.event("gw-2", "write_file", 79), "c".repeat(64));
    assertThatThrownBy(() -> insert("audit_archive", forged))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("is not a copy of an entry of audit_log");
  }

  @Test
  void afterEveryRefusal_theChainIsIntact() {
    for (String sql : new String[] {"DELETE FROM audit_log WHERE seq = 2", "TRUNCATE audit_log"}) {
      assertRefused(sql, "append-only");
    }
    Verification verification = log.verifyInDatabase();
    assertThat(verification.valid()).as("%s", verification).isTrue();
    assertThat(log.head()).isEqualTo(new AuditHead(last.seq(), last.hash()));
  }

  private static void assertRefused(String sql, String message) {
    assertThatThrownBy(
            () -> {
              try (Connection c = database.connection();
                  Statement s = c.createStatement()) {
                s.execute(sql);
              }
            })
        .as(sql)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(message);
  }

  private static void insert(String table, AuditEntry entry) throws SQLException {
    boolean log = table.equals("audit_log");
    String columns = log ? AuditRows.INSERT_COLUMNS : "seq, prev_hash, entry, hash";
    int n = log ? AuditRows.INSERT_PARAMETERS : 4;
    try (Connection c = database.connection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " ("
                    + columns
                    + ") VALUES (?"
                    + ", ?".repeat(n - 1)
                    + ")")) {
      if (log) {
        AuditRows.bind(insert, 1, entry);
      } else {
        insert.setLong(1, entry.seq());
        insert.setString(2, entry.prevHash());
        insert.setString(3, AuditRows.entryText(entry));
        insert.setString(4, entry.hash());
      }
      insert.executeUpdate();
    }
  }
}
