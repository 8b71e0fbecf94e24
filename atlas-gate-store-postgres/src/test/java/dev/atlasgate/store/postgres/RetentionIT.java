package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retention: old entries move to audit_archive and the chain, both tables together, verifies. */
class RetentionIT {
  private DatabaseUrl url;
  private PostgresDatabase database;
  private PostgresAuditLog log;

  @BeforeEach
  void open() {
    url = TestPostgres.server().newMigratedDatabase();
    database = PostgresDatabase.open(url, PostgresDatabase.Settings.defaults());
    log = PostgresAuditLog.open(database);
    for (int i = 1; i <= 30; i++) {
      log.append(Events.event("gw-1", "read_file", i));
    }
  }

  @AfterEach
  void drop() {
    log.close();
    database.close();
    TestPostgres.server().drop(url);
  }

  @Test
  void archivedEntries_stayPartOfTheVerifiedChain() throws Exception {
    assertThat(log.archiveBefore(11)).isEqualTo(10);
    assertThat(count("audit_log")).isEqualTo(20);
    assertThat(count("audit_archive")).isEqualTo(10);
    assertValidBoth(30);
    assertThat(seqs(5)).startsWith(5L, 6L).endsWith(30L).hasSize(26);

    AuditEntry next = log.append(Events.event("gw-1", "write_file", 31));
    assertThat(next.seq()).isEqualTo(31);
    assertThat(log.archiveBefore(32)).isEqualTo(21);
    assertThat(count("audit_log")).isZero();
    assertThat(log.archiveBefore(32)).as("archiving again moves nothing").isZero();
    assertThat(log.append(Events.event("gw-1", "write_file", 32)).seq()).isEqualTo(32);
    assertValidBoth(32);
  }

  @Test
  void anEntryEditedInTheArchive_isFoundByBothVerifiers() throws Exception {
    log.archiveBefore(11);
    superuser(
        "SET session_replication_role = replica;"
            + " UPDATE audit_archive SET entry = replace(entry, '\"principal\":\"alice\"',"
            + " '\"principal\":\"eve\"') WHERE seq = 4");
    Verification java = Events.verify(log);
    assertThat(java.firstInvalidSeq()).contains(4L);
    assertThat(java.reason()).contains("HASH_MISMATCH");
    assertThat(log.verifyInDatabase()).isEqualTo(java);
  }

  @Test
  void integrityStatus_tellsWhetherTheSeqsAreContiguousToTheHead() throws Exception {
    log.archiveBefore(6);
    assertThat(integrity())
        .isEqualTo("head 30, log 25, archive 5, first 1, last 30, contiguous true");
    superuser("SET session_replication_role = replica; DELETE FROM audit_log WHERE seq = 12");
    assertThat(integrity())
        .isEqualTo("head 30, log 24, archive 5, first 1, last 30, contiguous false");
  }

  @Test
  void recentActivity_showsTheLastDaysEntriesNewestFirst() throws Exception {
    AuditEvent now =
        new AuditEvent(
            Instant.now(),
            "gw-2",
            Optional.of("session-now"),
            Optional.of("bob"),
            Optional.of("ANTIGRAVITY"),
            "save_plan",
            Optional.of("/srv/work"),
            Optional.empty(),
            Optional.empty(),
            JsonObject.EMPTY,
            true,
            Optional.empty(),
            4);
    log.append(now);
    log.append(now);
    try (Connection c = database.connection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT seq, tool, principal, result FROM audit_recent_activity")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(32);
      assertThat(rs.getString(2)).isEqualTo("save_plan");
      assertThat(rs.getString(3)).isEqualTo("bob");
      assertThat(rs.getString(4)).isEqualTo("ok");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(31);
      assertThat(rs.next()).as("the entries of March are not recent").isFalse();
    }
  }

  private void assertValidBoth(long entries) {
    Verification java = Events.verify(log);
    assertThat(java.valid()).as("%s", java).isTrue();
    assertThat(java.entriesChecked()).isEqualTo(entries);
    assertThat(log.verifyInDatabase()).isEqualTo(java);
  }

  private List<Long> seqs(long from) {
    try (Stream<StoredEntry> entries = log.entries(from)) {
      return entries
          .map(e -> ((JsonNumber) ((StoredEntry.Readable) e).json().get("seq").orElseThrow()))
          .map(n -> n.value().longValueExact())
          .toList();
    }
  }

  private String integrity() throws SQLException {
    try (Connection c = database.connection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT format('head %s, log %s, archive %s, first %s, last %s, contiguous %s',"
                    + " head_seq, log_entries, archived_entries, first_seq, last_seq,"
                    + " contiguous_to_head::text) FROM audit_integrity_status")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private long count(String table) throws SQLException {
    try (Connection c = database.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void superuser(String sql) throws SQLException {
    try (Connection c = TestPostgres.server().superuser(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
