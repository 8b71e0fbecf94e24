package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tampering done directly in SQL by a superuser who switched the triggers off: the Java verifier
 * and {@code audit_verify()} both find it, at the same seq, for the same reason.
 */
class AuditTamperIT {
  private static final int ENTRIES = 20;

  private DatabaseUrl url;
  private PostgresDatabase database;
  private PostgresAuditLog log;
  private final List<AuditEntry> appended = new ArrayList<>();

  @BeforeEach
  void appendEntries() {
    url = TestPostgres.server().newMigratedDatabase();
    database = PostgresDatabase.open(url, PostgresDatabase.Settings.defaults());
    log = PostgresAuditLog.open(database);
    for (int i = 1; i <= ENTRIES; i++) {
      appended.add(log.append(Events.event("gw-1", i % 2 == 0 ? "read_file" : "write_file", i)));
    }
    assertThat(log.verifyInDatabase().valid()).isTrue();
  }

  @AfterEach
  void drop() {
    log.close();
    database.close();
    TestPostgres.server().drop(url);
  }

  @Test
  void anEditedField_isAHashMismatchAtThatEntry() throws Exception {
    // The query column must be changed with the entry: the table checks that they agree.
    asReplica(
        "UPDATE audit_log SET entry = replace(entry, '\"tool\":\"write_file\"',"
            + " '\"tool\":\"read_file\"'), tool = 'read_file' WHERE seq = 7");
    assertThat(queryString("SELECT tool FROM audit_log WHERE seq = 7")).isEqualTo("read_file");
    assertBothFind(7, "HASH_MISMATCH");
  }

  @Test
  void anEditedField_withItsHashRecomputed_breaksTheNextLink() throws Exception {
    asReplica(
        "UPDATE audit_log SET entry = replace(entry, '\"principal\":\"alice\"',"
            + " '\"principal\":\"mallory\"'), hash = audit_entry_hash(replace(entry,"
            + " '\"principal\":\"alice\"', '\"principal\":\"mallory\"')) WHERE seq = 7");
    assertBothFind(8, "PREV_HASH_MISMATCH");
  }

  @Test
  void aDeletedMiddleEntry_isASeqGapWhereItWas() throws Exception {
    withTriggersDisabled("DELETE FROM audit_log WHERE seq = 10");
    assertBothFind(10, "SEQ_GAP");
  }

  @Test
  void aForgedEntryInsertedInTheMiddle_isFoundRightAfterIt() throws Exception {
    // The forger makes room at seq 11, inserts a well-hashed entry there and puts the old
    // entries back one seq further, as they were otherwise.
    asReplica("DELETE FROM audit_log WHERE seq > 10");
    AuditEntry forged =
        AuditEntry.seal(11, Events.event("gw-1", "write_file", 999), appended.get(9).hash());
    insertRow(forged.seq(), forged.prevHash(), AuditRows.entryText(forged), forged.hash());
    for (AuditEntry old : appended.subList(10, ENTRIES)) {
      JsonObject moved = old.toJson().without("hash").with("seq", Json.of(old.seq() + 1));
      insertRow(old.seq() + 1, old.prevHash(), moved.canonical(), old.hash());
    }
    assertBothFind(12, "PREV_HASH_MISMATCH");
  }

  @Test
  void aForgedEntryAppendedBehindTheHead_doesNotReachTheKeptHead() throws Exception {
    AuditEntry forged =
        AuditEntry.seal(
            ENTRIES + 1, Events.event("gw-1", "write_file", 999), appended.getLast().hash());
    insertRow(forged.seq(), forged.prevHash(), AuditRows.entryText(forged), forged.hash());
    assertBothFind(ENTRIES, "HEAD_MISMATCH");
  }

  @Test
  void entriesCutFromTheEnd_areFoundAgainstTheKeptHead() throws Exception {
    asReplica("DELETE FROM audit_log WHERE seq > 17");
    assertBothFind(18, "HEAD_MISMATCH");
    assertThat(Events.verifyWithoutHead(log).valid())
        .as("without a remembered head, a cut tail is a valid chain")
        .isTrue();
  }

  @Test
  void anEntryRewrittenInNonCanonicalForm_withAHashOfThatForm_isAHashMismatch() throws Exception {
    asReplica(
        "UPDATE audit_log SET entry = replace(entry, ',\"tool\":', ', \"tool\": '),"
            + " hash = encode(sha256(convert_to(replace(entry, ',\"tool\":', ', \"tool\": '),"
            + " 'UTF8')), 'hex') WHERE seq = 5");
    assertBothFind(5, "HASH_MISMATCH");
  }

  @Test
  void theColumns_cannotDisagreeWithTheEntryEvenWithTheTriggersOff() {
    for (String change :
        List.of(
            "tool = 'read_file'",
            "instance = 'gw-2'",
            "session_id = NULL",
            "ts = ts + interval '1 second'",
            "seq = 30",
            "prev_hash = repeat('a', 64)",
            "entry = replace(entry, '\"seq\":3', '\"seq\":4')",
            "entry = replace(entry, '\"instance\":\"gw-1\"', '\"instance\":\"gw-9\"')",
            "entry = '[]'")) {
      assertThatThrownBy(() -> asReplica("UPDATE audit_log SET " + change + " WHERE seq = 3"))
          .as(change)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("audit_log_entry_matches");
    }
    assertThat(log.verifyInDatabase().valid()).isTrue();
  }

  private void assertBothFind(long seq, String reason) {
    Verification java = Events.verify(log);
    Verification sql = log.verifyInDatabase();
    assertThat(java.valid()).as("%s", java).isFalse();
    assertThat(java.firstInvalidSeq()).contains(seq);
    assertThat(java.reason()).contains(reason);
    assertThat(sql).as("SQL %s%nJava %s", sql, java).isEqualTo(java);
  }

  /** Runs {@code sql} as the superuser with triggers off for the session. */
  private void asReplica(String sql) throws SQLException {
    try (Connection c = TestPostgres.server().superuser(url);
        Statement s = c.createStatement()) {
      s.execute("SET session_replication_role = replica");
      s.execute(sql);
    }
  }

  /** Runs {@code sql} as the superuser with the triggers of audit_log disabled for everyone. */
  private void withTriggersDisabled(String sql) throws SQLException {
    try (Connection c = TestPostgres.server().superuser(url);
        Statement s = c.createStatement()) {
      s.execute("ALTER TABLE audit_log DISABLE TRIGGER ALL");
      s.execute(sql);
      s.execute("ALTER TABLE audit_log ENABLE TRIGGER ALL");
    }
  }

  private void insertRow(long seq, String prevHash, String entry, String hash) throws SQLException {
    try (Connection c = TestPostgres.server().superuser(url);
        Statement s = c.createStatement();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO audit_log (seq, prev_hash, entry, hash, ts, instance, session_id,"
                    + " tool) SELECT ?, ?, ?, ?, audit_timestamp(j ->> 'ts'), j ->> 'instance',"
                    + " j ->> 'session_id', j ->> 'tool' FROM (SELECT audit_jsonb(?) AS j) e")) {
      // A forger who knows the schema fills the query columns from the entry, as the check asks.
      s.execute("SET session_replication_role = replica");
      insert.setLong(1, seq);
      insert.setString(2, prevHash);
      insert.setString(3, entry);
      insert.setString(4, hash);
      insert.setString(5, entry);
      insert.executeUpdate();
    }
  }

  private String queryString(String sql) throws SQLException {
    try (Connection c = TestPostgres.server().superuser(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
