package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.ChainVerifier;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.testing.AuditLogContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The audit log contract on PostgreSQL, each test on a database of its own. */
class PostgresAuditLogIT extends AuditLogContract {
  private final List<PostgresDatabase> opened = new ArrayList<>();
  private DatabaseUrl url;

  @Override
  protected AuditLog newLog() {
    url = TestPostgres.server().newMigratedDatabase();
    return reopen();
  }

  @Override
  protected AuditLog reopen() {
    PostgresDatabase database = PostgresDatabase.open(url, PostgresDatabase.Settings.defaults());
    opened.add(database);
    return PostgresAuditLog.open(database);
  }

  @AfterEach
  void dropDatabase() {
    opened.forEach(PostgresDatabase::close);
    TestPostgres.server().drop(url);
  }

  @Test
  void eachRowHoldsTheCanonicalTextItsHashIsOf() throws Exception {
    try (PostgresAuditLog log = (PostgresAuditLog) reopen()) {
      AuditEntry entry = log.append(event("write_file", 1));
      try (Connection c = TestPostgres.server().superuser(url);
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT seq, tool, prev_hash, hash, entry, encode(sha256(convert_to(entry,"
                      + " 'UTF8')), 'hex') FROM audit_log")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1);
        assertThat(rs.getString(2)).isEqualTo("write_file");
        assertThat(rs.getString(3)).isEqualTo("0".repeat(64));
        assertThat(rs.getString(4)).isEqualTo(entry.hash());
        assertThat(rs.getString(5)).isEqualTo(entry.toJson().without("hash").canonical());
        assertThat(rs.getString(6)).isEqualTo(entry.hash());
      }
    }
  }

  @Test
  void entries_comeBackWithTheTopLevelMembersInTheDocumentedOrder() {
    try (PostgresAuditLog log = (PostgresAuditLog) reopen()) {
      AuditEntry entry = log.append(event("read_file", 2));
      try (Stream<StoredEntry> entries = log.entries(1)) {
        StoredEntry.Readable stored = (StoredEntry.Readable) entries.findFirst().orElseThrow();
        assertThat(stored.json()).isEqualTo(entry.toJson());
        assertThat(stored.json().members().keySet())
            .containsExactlyElementsOf(entry.toJson().members().keySet());
      }
    }
  }

  @Test
  void sqlVerification_agreesOnAValidChain() {
    try (PostgresAuditLog log = (PostgresAuditLog) reopen()) {
      for (int i = 1; i <= 30; i++) {
        log.append(event("list_files", i));
      }
      Verification sql = log.verifyInDatabase();
      Verification java;
      try (Stream<StoredEntry> entries = log.entries(1)) {
        java = ChainVerifier.verify(entries, Optional.of(log.head()));
      }
      assertThat(sql.valid()).as("%s", sql).isTrue();
      assertThat(sql).isEqualTo(java);
      assertThat(sql.entriesChecked()).isEqualTo(30);
    }
  }
}
