package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.Verification;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two gateway instances, each with its own pool and writer, appending to one chain at once. */
class AuditConcurrencyIT {
  private static final int THREADS_PER_INSTANCE = 8;
  private static final int APPENDS_PER_THREAD = 50;

  private DatabaseUrl url;
  private PostgresDatabase first;
  private PostgresDatabase second;

  @BeforeEach
  void openTwoInstances() {
    url = TestPostgres.server().newMigratedDatabase();
    first = PostgresDatabase.open(url, PostgresDatabase.Settings.defaults());
    second = PostgresDatabase.open(url, PostgresDatabase.Settings.defaults());
  }

  @AfterEach
  void close() {
    first.close();
    second.close();
    TestPostgres.server().drop(url);
  }

  @Test
  void twoInstances_appendingConcurrently_neverForkTheChain() throws Exception {
    List<AuditEntry> acknowledged = new ArrayList<>();
    try (PostgresAuditLog a = PostgresAuditLog.open(first);
        PostgresAuditLog b = PostgresAuditLog.open(second);
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_INSTANCE)) {
      List<Callable<List<AuditEntry>>> tasks = new ArrayList<>();
      for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
        tasks.add(appender(a, "gw-a", t));
        tasks.add(appender(b, "gw-b", t));
      }
      for (Future<List<AuditEntry>> done : pool.invokeAll(tasks)) {
        acknowledged.addAll(done.get());
      }
      int total = 2 * THREADS_PER_INSTANCE * APPENDS_PER_THREAD;
      assertThat(acknowledged).extracting(AuditEntry::seq).doesNotHaveDuplicates().hasSize(total);
      assertThat(acknowledged.stream().mapToLong(AuditEntry::seq).max().orElseThrow())
          .isEqualTo(total);

      Verification java = Events.verify(a);
      Verification sql = b.verifyInDatabase();
      assertThat(java.valid()).as("%s", java).isTrue();
      assertThat(java.entriesChecked()).isEqualTo(total);
      assertThat(sql).isEqualTo(java);
      assertThat(a.head()).isEqualTo(b.head());
      assertThat(a.head().seq()).isEqualTo(total);
      assertEveryAcknowledgedEntryIsStoredAsAcknowledged(acknowledged);
      assertThat(countPerInstance())
          .containsEntry("gw-a", (long) total / 2)
          .containsEntry("gw-b", (long) total / 2);
    }
  }

  @Test
  void aLoneWriter_sealsAfterTheHeadItLeft_andFindsOutWhenAnotherInstanceMovedIt() {
    try (PostgresAuditLog a = PostgresAuditLog.open(first);
        PostgresAuditLog b = PostgresAuditLog.open(second)) {
      List<AuditEntry> acknowledged = new ArrayList<>();
      acknowledged.add(a.append(Events.event("gw-a", "read_file", 1)));
      acknowledged.add(a.append(Events.event("gw-a", "read_file", 2)));
      acknowledged.add(a.append(Events.event("gw-a", "read_file", 3)));
      // The first append read the head, the second found it where the first had left it, and
      // the third no longer asked.
      assertThat(a.writer().headLocks()).isEqualTo(2);

      acknowledged.add(b.append(Events.event("gw-b", "read_file", 4)));
      // a's next batch, sealed after the head a left, takes b's place: refused, then sealed
      // after the head read under its lock.
      acknowledged.add(a.append(Events.event("gw-a", "read_file", 5)));
      assertThat(a.writer().headLocks()).isEqualTo(3);
      acknowledged.add(b.append(Events.event("gw-b", "read_file", 6)));
      acknowledged.add(b.append(Events.event("gw-b", "read_file", 7)));
      acknowledged.add(a.append(Events.event("gw-a", "read_file", 8)));

      assertThat(acknowledged)
          .extracting(AuditEntry::seq)
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
      for (int i = 1; i < acknowledged.size(); i++) {
        assertThat(acknowledged.get(i).prevHash()).isEqualTo(acknowledged.get(i - 1).hash());
      }
      Verification java = Events.verify(a);
      assertThat(java.valid()).as("%s", java).isTrue();
      assertThat(java.entriesChecked()).isEqualTo(8);
      assertThat(b.verifyInDatabase()).isEqualTo(java);
    }
  }

  private static Callable<List<AuditEntry>> appender(
      PostgresAuditLog log, String instance, int thread) {
    return () -> {
      List<AuditEntry> entries = new ArrayList<>();
      for (int i = 0; i < APPENDS_PER_THREAD; i++) {
        entries.add(log.append(Events.event(instance, "list_files", thread * 1000 + i)));
      }
      return entries;
    };
  }

  private void assertEveryAcknowledgedEntryIsStoredAsAcknowledged(List<AuditEntry> acknowledged)
      throws Exception {
    Map<Long, String> stored = new HashMap<>();
    try (Connection c = TestPostgres.server().superuser(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT seq, hash FROM audit_log")) {
      while (rs.next()) {
        stored.put(rs.getLong(1), rs.getString(2));
      }
    }
    assertThat(stored).hasSize(acknowledged.size());
    for (AuditEntry entry : acknowledged) {
      assertThat(stored.get(entry.seq())).as("hash at seq %d", entry.seq()).isEqualTo(entry.hash());
    }
  }

  private Map<String, Long> countPerInstance() throws Exception {
    Map<String, Long> counts = new HashMap<>();
    try (Connection c = TestPostgres.server().superuser(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT instance, count(*) FROM audit_log GROUP BY instance")) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
      }
    }
    return counts;
  }
}
