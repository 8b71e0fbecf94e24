package dev.atlasgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.ChainVerifier;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuditLog} must do, whatever keeps the chain: contiguous seq from 1, each entry
 * linked to the one before, durable entries read back exactly, and no fork under concurrency.
 */
public abstract class AuditLogContract {
  private AuditLog log;

  /** A fresh, empty log. */
  protected abstract AuditLog newLog();

  /** A new handle on the same log as the last {@link #newLog()}, as after a restart. */
  protected abstract AuditLog reopen();

  @BeforeEach
  void openLog() {
    log = newLog();
  }

  @AfterEach
  void closeLog() {
    log.close();
  }

  protected static AuditEvent event(String tool, int n) {
    return new AuditEvent(
        Instant.parse("2026-03-01T10:00:00.123Z").plusSeconds(n),
        "test-instance",
        Optional.of("session-" + (n % 3)),
        Optional.of("alice"),
        Optional.of("WINDSURF"),
        tool,
        Optional.of("/srv/work"),
        Optional.empty(),
        Optional.empty(),
        JsonObject.builder().put("path", "src/file-" + n + ".txt").put("n", n).build(),
        n % 5 != 0,
        n % 5 != 0 ? Optional.empty() : Optional.of("PATH_OUTSIDE_WORKSPACE"),
        n);
  }

  private static List<JsonObject> read(AuditLog log, long from) {
    try (Stream<StoredEntry> entries = log.entries(from)) {
      return entries.map(e -> ((StoredEntry.Readable) e).json()).toList();
    }
  }

  private static Verification verify(AuditLog log) {
    try (Stream<StoredEntry> entries = log.entries(1)) {
      return ChainVerifier.verify(entries);
    }
  }

  @Test
  void emptyLog_headIsGenesis_andVerifies() {
    assertThat(log.head()).isEqualTo(AuditHead.GENESIS);
    assertThat(verify(log).valid()).isTrue();
    assertThat(read(log, 1)).isEmpty();
  }

  @Test
  void append_assignsSeqFromOne_andLinksEachEntry() {
    List<AuditEntry> appended = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      appended.add(log.append(event("read_file", i)));
    }
    assertThat(appended).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(appended.getFirst().prevHash()).isEqualTo("0".repeat(64));
    for (int i = 1; i < appended.size(); i++) {
      assertThat(appended.get(i).prevHash()).isEqualTo(appended.get(i - 1).hash());
    }
    assertThat(log.head()).isEqualTo(new AuditHead(5, appended.getLast().hash()));
  }

  @Test
  void entries_readBackExactlyWhatWasAppended() {
    List<JsonObject> expected = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      expected.add(log.append(event("write_file", i)).toJson());
    }
    assertThat(read(log, 1)).isEqualTo(expected);
    assertThat(read(log, 4)).isEqualTo(expected.subList(3, 7));
    assertThat(read(log, 1).stream().map(AuditEntry::fromJson).map(AuditEntry::toJson).toList())
        .isEqualTo(expected);
    Verification verification = verify(log);
    assertThat(verification.valid()).isTrue();
    assertThat(verification.entriesChecked()).isEqualTo(7);
    assertThat(verification.headHash()).isEqualTo(log.head().hash());
  }

  @Test
  void reopened_continuesTheSameChain() {
    log.append(event("read_file", 1));
    AuditEntry second = log.append(event("read_file", 2));
    log.close();
    log = reopen();
    assertThat(log.head()).isEqualTo(new AuditHead(2, second.hash()));
    AuditEntry third = log.append(event("read_file", 3));
    assertThat(third.seq()).isEqualTo(3);
    assertThat(third.prevHash()).isEqualTo(second.hash());
    assertThat(verify(log).valid()).isTrue();
  }

  @Test
  void concurrentAppends_neverForkTheChain() throws Exception {
    int threads = 16;
    int perThread = 100;
    List<Callable<List<Long>>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      tasks.add(
          () -> {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
              seqs.add(log.append(event("list_files", thread * perThread + i)).seq());
            }
            return seqs;
          });
    }
    Set<Long> seen = new HashSet<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (Future<List<Long>> result : pool.invokeAll(tasks)) {
        for (long seq : result.get()) {
          assertThat(seen.add(seq)).as("seq %d given twice", seq).isTrue();
        }
      }
    }
    assertThat(seen).hasSize(threads * perThread);
    assertThat(seen.stream().mapToLong(Long::longValue).max().orElseThrow())
        .isEqualTo((long) threads * perThread);
    Verification verification = verify(log);
    assertThat(verification.valid()).as("%s", verification).isTrue();
    assertThat(verification.entriesChecked()).isEqualTo((long) threads * perThread);
  }

  @Test
  void anEventTheCanonicalFormCannotHold_failsOnlyItsOwnAppend_amongConcurrentGoodOnes()
      throws Exception {
    int good = 64;
    AuditEvent bad =
        event("write_file", 0).withArgs(a -> a.with("n", new JsonNumber(new BigDecimal("1e400"))));
    CyclicBarrier start = new CyclicBarrier(good + 1);
    List<Callable<Optional<AuditEntry>>> tasks = new ArrayList<>();
    tasks.add(
        () -> {
          start.await();
          assertThatThrownBy(() -> log.append(bad))
              .isInstanceOfSatisfying(
                  GateException.class,
                  e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
          return Optional.empty();
        });
    for (int i = 1; i <= good; i++) {
      AuditEvent event = event("read_file", i);
      tasks.add(
          () -> {
            start.await();
            return Optional.of(log.append(event));
          });
    }
    List<AuditEntry> appended = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(good + 1)) {
      for (Future<Optional<AuditEntry>> result : pool.invokeAll(tasks)) {
        result.get().ifPresent(appended::add);
      }
    }
    assertThat(appended).hasSize(good);
    assertThat(appended).allSatisfy(e -> assertThat(e.event().tool()).isEqualTo("read_file"));
    Verification verification = verify(log);
    assertThat(verification.valid()).as("%s", verification).isTrue();
    assertThat(verification.entriesChecked()).isEqualTo(good);
  }
}
