package dev.atlasgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Group commit under concurrency, checked as a linearizable append: threads released together by a
 * barrier, round after round; afterwards seq is gap-free, each caller holds its own entry, which
 * was durable when it returned and is ordered after every entry returned before it began, and the
 * chain links. Batch shapes are forced with latches rather than timing.
 */
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

  /** A chain in memory; a batch may be held at a gate, or fail once. */
  private static final class Chain implements GroupCommit.Writer {
    final List<AuditEntry> entries = new CopyOnWriteArrayList<>();
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    volatile CountDownLatch gate = new CountDownLatch(0);
    final CountDownLatch atGate = new CountDownLatch(1);
    volatile boolean failNext;
    AuditHead head = AuditHead.GENESIS;

    @Override
    public List<AuditEntry> write(List<CanonicalEvent> batch) {
      batches.add(batch.size());
      atGate.countDown();
      try {
        assertThat(gate.await(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failNext) {
        failNext = false;
        throw new GateException(ErrorCode.AUDIT_UNAVAILABLE, "the disk is gone");
      }
      List<AuditEntry> sealed = CanonicalEvent.sealAll(batch, head);
      entries.addAll(sealed);
      head = new AuditHead(sealed.getLast().seq(), sealed.getLast().hash());
      return sealed;
    }

    boolean holds(AuditEntry entry) {
      return entry.seq() <= entries.size() && entries.get((int) entry.seq() - 1).equals(entry);
    }
  }

  /** What one caller saw: its entry, and the highest seq returned to anyone before it began. */
  private record Observed(String tool, AuditEntry entry, long returnedBefore, boolean durable) {}

  @Test
  void roundsOfSimultaneousAppends_areLinearizable() throws Exception {
    int threads = 16;
    int rounds = 100;
    Chain chain = new Chain();
    GroupCommit commits = new GroupCommit(new ReentrantLock());
    CyclicBarrier barrier = new CyclicBarrier(threads);
    AtomicLong highestReturned = new AtomicLong();
    List<Callable<List<Observed>>> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      callers.add(
          () -> {
            List<Observed> seen = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
              String tool = "t" + thread + "-r" + r;
              barrier.await(LIMIT.toSeconds(), TimeUnit.SECONDS);
              long before = highestReturned.get();
              AuditEntry entry = commits.append(event(tool), chain);
              boolean durable = chain.holds(entry);
              highestReturned.accumulateAndGet(entry.seq(), Math::max);
              seen.add(new Observed(tool, entry, before, durable));
            }
            return seen;
          });
    }
    List<Observed> all = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (Future<List<Observed>> caller : pool.invokeAll(callers)) {
        List<Observed> seen = caller.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        for (int i = 1; i < seen.size(); i++) {
          assertThat(seen.get(i).entry().seq()).isGreaterThan(seen.get(i - 1).entry().seq());
        }
        all.addAll(seen);
      }
    }

    int total = threads * rounds;
    assertThat(all).allSatisfy(o -> assertThat(o.entry().event().tool()).isEqualTo(o.tool()));
    assertThat(all).allSatisfy(o -> assertThat(o.durable()).as("durable on return").isTrue());
    assertThat(all).allSatisfy(o -> assertThat(o.entry().seq()).isGreaterThan(o.returnedBefore()));
    assertThat(all.stream().map(o -> o.entry().seq()).sorted().toList())
        .isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());
    assertThat(chain.entries).hasSize(total);
    AuditHead previous = AuditHead.GENESIS;
    for (AuditEntry entry : chain.entries) {
      assertThat(entry.seq()).isEqualTo(previous.seq() + 1);
      assertThat(entry.prevHash()).isEqualTo(previous.hash());
      assertThat(AuditEntry.hashOf(entry.toJson())).isEqualTo(entry.hash());
      previous = new AuditHead(entry.seq(), entry.hash());
    }
    assertThat(chain.batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
  }

  @Test
  void appendsQueuedWhileABatchIsWritten_formTheNextBatch_together() throws Exception {
    Chain chain = new Chain();
    chain.gate = new CountDownLatch(1);
    GroupCommit commits = new GroupCommit(new ReentrantLock());
    List<Thread> callers = new ArrayList<>();
    callers.add(Thread.ofVirtual().start(() -> commits.append(event("first"), chain)));
    assertThat(chain.atGate.await(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 40; i++) {
      String tool = "queued" + i;
      callers.add(Thread.ofVirtual().start(() -> commits.append(event(tool), chain)));
    }
    await().atMost(LIMIT).until(() -> commits.queued() == 40);

    chain.gate.countDown();

    for (Thread caller : callers) {
      assertThat(caller.join(LIMIT)).isTrue();
    }
    assertThat(chain.batches).containsExactly(1, 40);
    assertThat(chain.entries).hasSize(41);
  }

  @Test
  void aFailedBatch_failsEveryCallerOfIt_andOnlyThem() throws Exception {
    Chain chain = new Chain();
    chain.gate = new CountDownLatch(1);
    chain.failNext = true;
    GroupCommit commits = new GroupCommit(new ReentrantLock());
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Thread lost =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    commits.append(event("lost"), chain);
                  } catch (GateException e) {
                    failures.add(e);
                  }
                });
    assertThat(chain.atGate.await(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    chain.gate.countDown();
    assertThat(lost.join(LIMIT)).isTrue();

    AuditEntry next = commits.append(event("kept"), chain);

    assertThat(failures)
        .singleElement()
        .satisfies(e -> assertThat(e).hasMessageContaining("the disk is gone"));
    assertThat(next.seq()).isEqualTo(1);
    assertThat(chain.entries).extracting(e -> e.event().tool()).containsExactly("kept");
  }

  @Test
  void anEventWithoutCanonicalForm_failsItsCallerAlone_beforeJoiningABatch() {
    Chain chain = new Chain();
    GroupCommit commits = new GroupCommit(new ReentrantLock());
    AuditEvent bad =
        new AuditEvent(
            Instant.parse("2026-11-30T12:00:00Z"),
            "test",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "bad",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            JsonObject.builder()
                .put("n", new dev.atlasgate.json.JsonNumber(new java.math.BigDecimal("1e400")))
                .build(),
            true,
            Optional.empty(),
            0);

    assertThatThrownBy(() -> commits.append(bad, chain))
        .isInstanceOfSatisfying(
            GateException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThat(chain.batches).isEmpty();
  }

  @Test
  // The test holds the backend's lock while callers queue and lets it go halfway through.
  @SuppressWarnings("LockNotBeforeTry")
  void theBackendsLock_heldByAnotherOperation_delaysAppends_withoutLosingAny() throws Exception {
    ReentrantLock lock = new ReentrantLock();
    Chain chain = new Chain();
    GroupCommit commits = new GroupCommit(lock);
    List<Thread> callers = new ArrayList<>();

    lock.lock();
    for (int i = 0; i < 50; i++) {
      String tool = "held" + i;
      callers.add(Thread.ofVirtual().start(() -> commits.append(event(tool), chain)));
    }
    await().atMost(LIMIT).until(() -> commits.queued() == 50);
    assertThat(chain.entries).as("nothing is written while the lock is held elsewhere").isEmpty();
    lock.unlock();

    for (Thread caller : callers) {
      assertThat(caller.join(LIMIT)).isTrue();
    }
    assertThat(chain.entries).hasSize(50);
  }

  @Test
  void twoQueuesOnOneLock_eachCompleteAllTheirAppends() throws Exception {
    // Two logs of one file in one process share the lock but not the queue.
    ReentrantLock lock = new ReentrantLock();
    Chain chain = new Chain();
    GroupCommit first = new GroupCommit(lock);
    GroupCommit second = new GroupCommit(lock);
    CyclicBarrier start = new CyclicBarrier(200);
    List<Callable<AuditEntry>> callers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      GroupCommit commits = i % 2 == 0 ? first : second;
      String tool = "q" + i;
      callers.add(
          () -> {
            start.await(LIMIT.toSeconds(), TimeUnit.SECONDS);
            return commits.append(event(tool), chain);
          });
    }
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<AuditEntry> caller : pool.invokeAll(callers)) {
        caller.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      }
    }
    assertThat(chain.entries).hasSize(200);
  }

  @Test
  void aBatchCappedByMaxBatch_isWrittenInSeveralBatches_inOrder() throws Exception {
    Chain chain = new Chain();
    chain.gate = new CountDownLatch(1);
    GroupCommit commits = new GroupCommit(new ReentrantLock(), 7, Duration.ZERO);
    List<Thread> callers = new ArrayList<>();
    callers.add(Thread.ofVirtual().start(() -> commits.append(event("first"), chain)));
    assertThat(chain.atGate.await(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 60; i++) {
      String tool = "m" + i;
      callers.add(Thread.ofVirtual().start(() -> commits.append(event(tool), chain)));
    }
    await().atMost(LIMIT).until(() -> commits.queued() == 60);
    chain.gate.countDown();

    for (Thread caller : callers) {
      assertThat(caller.join(LIMIT)).isTrue();
    }
    assertThat(chain.batches).allMatch(size -> size <= 7);
    assertThat(chain.batches).startsWith(1, 7, 7, 7, 7, 7, 7, 7, 7);
    assertThat(chain.entries).hasSize(61);
  }

  @Test
  // The test holds the backend's lock while the caller is interrupted and lets it go halfway.
  @SuppressWarnings("LockNotBeforeTry")
  void anInterruptedCaller_stillGetsItsEntry_andKeepsItsInterrupt() throws Exception {
    ReentrantLock lock = new ReentrantLock();
    Chain chain = new Chain();
    GroupCommit commits = new GroupCommit(lock);
    AtomicBoolean interruptKept = new AtomicBoolean();
    List<AuditEntry> got = new CopyOnWriteArrayList<>();

    lock.lock();
    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  got.add(commits.append(event("interrupted"), chain));
                  interruptKept.set(Thread.currentThread().isInterrupted());
                });
    await().atMost(LIMIT).until(() -> lock.hasQueuedThread(caller));
    caller.interrupt();
    lock.unlock();

    assertThat(caller.join(LIMIT)).isTrue();
    assertThat(got).extracting(e -> e.event().tool()).containsExactly("interrupted");
    assertThat(interruptKept).isTrue();
  }
}
