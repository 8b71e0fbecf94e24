package dev.atlasgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** Group commit under concurrency: every caller gets its own entry, batches form, nothing hangs. */
class GroupCommitTest {
  private static final Duration LIMIT = Duration.ofSeconds(20);

  private static AuditEvent event(String tool) {
    return new AuditEvent(
        Instant.parse("2026-11-30T12:00:00Z"),
        "test",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        tool,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        JsonObject.EMPTY,
        true,
        Optional.empty(),
        0);
  }

  /** A chain in memory; each batch takes {@code pause} (the fsync of a real log). */
  private static final class Chain implements GroupCommit.Writer {
    final List<AuditEntry> entries = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    final Duration pause;
    volatile boolean failNext;
    String head = "0".repeat(64);

    Chain(Duration pause) {
      this.pause = pause;
    }

    @Override
    public List<AuditEntry> write(List<AuditEvent> batch) {
      batches.add(batch.size());
      if (failNext) {
        failNext = false;
        throw new GateException(ErrorCode.AUDIT_UNAVAILABLE, "the disk is gone");
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<AuditEntry> sealed = new ArrayList<>();
      for (AuditEvent event : batch) {
        AuditEntry entry = AuditEntry.seal(entries.size() + 1, event, head);
        head = entry.hash();
        entries.add(entry);
        sealed.add(entry);
      }
      return sealed;
    }
  }

  /** Runs {@code n} appends on virtual threads at once; answers each caller's entry by tool. */
  private static Map<String, AuditEntry> appendAll(
      GroupCommit commits, GroupCommit.Writer writer, String prefix, int n) throws Exception {
    Map<String, AuditEntry> got = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String tool = prefix + i;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      start.await();
                      got.put(tool, commits.append(event(tool), writer));
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    start.countDown();
    for (Thread thread : threads) {
      assertThat(thread.join(LIMIT)).as("an append returned within %s", LIMIT).isTrue();
    }
    return got;
  }

  @Test
  void concurrentAppends_eachGetTheirOwnEntry_inOneGapFreeChain_writtenInBatches()
      throws Exception {
    Chain chain = new Chain(Duration.ofMillis(2));
    GroupCommit commits = new GroupCommit(new ReentrantLock());

    Map<String, AuditEntry> got = appendAll(commits, chain, "t", 300);

    assertThat(got).hasSize(300);
    got.forEach((tool, entry) -> assertThat(entry.event().tool()).isEqualTo(tool));
    assertThat(got.values().stream().map(AuditEntry::seq).sorted().toList())
        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 300).boxed().toList());
    for (int i = 1; i < chain.entries.size(); i++) {
      assertThat(chain.entries.get(i).prevHash()).isEqualTo(chain.entries.get(i - 1).hash());
    }
    assertThat(chain.batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);
    assertThat(chain.batches).hasSizeLessThan(300);
  }

  @Test
  void aFailedBatch_failsEveryCallerOfIt_andLaterAppendsSucceed() {
    Chain chain = new Chain(Duration.ZERO);
    GroupCommit commits = new GroupCommit(new ReentrantLock());
    chain.failNext = true;

    assertThatThrownBy(() -> commits.append(event("lost"), chain))
        .isInstanceOf(GateException.class)
        .hasMessageContaining("the disk is gone");
    AuditEntry next = commits.append(event("kept"), chain);

    assertThat(next.seq()).isEqualTo(1);
    assertThat(chain.entries).extracting(e -> e.event().tool()).containsExactly("kept");
  }

  @Test
  void theBackendsLock_heldByAnotherOperation_delaysAppends_withoutLosingAny() throws Exception {
    ReentrantLock lock = new ReentrantLock();
    Chain chain = new Chain(Duration.ZERO);
    GroupCommit commits = new GroupCommit(lock);
    Map<String, AuditEntry> got = new ConcurrentHashMap<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();

    lock.lock();
    Thread holder =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    Thread appends =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    got.putAll(appendAll(commits, chain, "held", 50));
                  } catch (Exception | AssertionError e) {
                    failures.add(e);
                  }
                });
    holder.join();
    assertThat(chain.entries).as("nothing is written while the lock is held elsewhere").isEmpty();
    assertThat(got).isEmpty();
    lock.unlock();
    assertThat(appends.join(LIMIT)).isTrue();
    assertThat(failures).isEmpty();
    assertThat(got).hasSize(50);
    assertThat(chain.entries).hasSize(50);
  }

  @Test
  void twoQueuesOnOneLock_eachCompleteAllTheirAppends() throws Exception {
    // Two logs of one file in one process share the lock but not the queue.
    ReentrantLock lock = new ReentrantLock();
    Chain chain = new Chain(Duration.ofMillis(1));
    GroupCommit first = new GroupCommit(lock);
    GroupCommit second = new GroupCommit(lock);
    Map<String, AuditEntry> fromSecond = new ConcurrentHashMap<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Thread other =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    fromSecond.putAll(appendAll(second, chain, "b", 100));
                  } catch (Exception | AssertionError e) {
                    failures.add(e);
                  }
                });

    Map<String, AuditEntry> fromFirst = appendAll(first, chain, "a", 100);

    assertThat(other.join(LIMIT)).isTrue();
    assertThat(failures).isEmpty();
    assertThat(fromFirst).hasSize(100);
    assertThat(fromSecond).hasSize(100);
    assertThat(chain.entries).hasSize(200);
  }

  @Test
  void aBatchCappedByMaxBatch_isWrittenInSeveralBatches_inOrder() throws Exception {
    Chain chain = new Chain(Duration.ofMillis(1));
    GroupCommit commits = new GroupCommit(new ReentrantLock(), 7, Duration.ofMillis(5));

    assertThat(appendAll(commits, chain, "m", 60)).hasSize(60);

    assertThat(chain.batches).allMatch(size -> size <= 7);
    assertThat(chain.entries).hasSize(60);
  }

  @Test
  void anInterruptedCaller_stillGetsItsEntry_andKeepsItsInterrupt() throws Exception {
    ReentrantLock lock = new ReentrantLock();
    Chain chain = new Chain(Duration.ZERO);
    GroupCommit commits = new GroupCommit(lock);
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicBoolean interruptKept = new AtomicBoolean();
    List<AuditEntry> got = new CopyOnWriteArrayList<>();

    lock.lock();
    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  waiting.countDown();
                  got.add(commits.append(event("interrupted"), chain));
                  interruptKept.set(Thread.currentThread().isInterrupted());
                });
    assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(50);
    caller.interrupt();
    Thread.sleep(50);
    lock.unlock();

    assertThat(caller.join(LIMIT)).isTrue();
    assertThat(got).extracting(e -> e.event().tool()).containsExactly("interrupted");
    assertThat(interruptKept).isTrue();
  }
}
