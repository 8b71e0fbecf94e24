package dev.atlasgate.audit;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.GateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Group commit for an audit backend (file, PostgreSQL, S3): concurrent appends queue up, and
 * whoever holds the lock writes every waiting event in one batch (one fsync, one transaction, one
 * object write); each caller returns once its own entry is durable, or fails with the batch. Each
 * event is put in its canonical form ({@link CanonicalEvent}) on its own before it joins a batch:
 * one that has none fails its own caller and is left out, so that no event can make a batch fail.
 *
 * <p>A caller waits for its own entry, not for the lock: the writer wakes each caller of a batch
 * directly and, once it is done, the first caller still queued, which becomes the writer. So the
 * callers of a batch of a hundred return at once rather than one after another through the lock.
 */
public final class GroupCommit {
  /** Seals and stores a batch of events as the next entries of the chain, in order. */
  @FunctionalInterface
  public interface Writer {
    /**
     * Answers the durable entries, one per event, in order.
     *
     * @throws GateException {@code AUDIT_UNAVAILABLE} when the batch is not durable; then none of
     *     it is in the log
     */
    List<AuditEntry> write(List<CanonicalEvent> batch);
  }

  private final ReentrantLock lock;

  /** Held by the caller that writes batches for this queue (the writer), besides {@link #lock}. */
  private final ReentrantLock writerRole = new ReentrantLock();

  private final int maxBatch;
  private final Duration linger;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();

  /**
   * A group commit under {@code lock}, which the backend may share with its other operations: each
   * batch is whatever waits when the lock is taken.
   */
  public GroupCommit(ReentrantLock lock) {
    this(lock, Integer.MAX_VALUE, Duration.ZERO);
  }

  /**
   * A group commit whose batches wait up to {@code linger} for more events, until {@code maxBatch}
   * wait: fewer, larger writes, for a backend where each write is costly (an object store).
   */
  public GroupCommit(ReentrantLock lock, int maxBatch, Duration linger) {
    this.lock = requireNonNull(lock, "lock is null");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1");
    }
    this.maxBatch = maxBatch;
    this.linger = requireNonNull(linger, "linger is null");
  }

  /**
   * Appends {@code event} through {@code writer}, batched with whatever else is waiting.
   *
   * @throws GateException {@code INVALID_ARGUMENT} when the event has no canonical form (it then
   *     joins no batch, so that it fails no other caller), or the batch's failure
   */
  public AuditEntry append(AuditEvent event, Writer writer) {
    Pending pending = new Pending(requireNonNull(event, "event is null"), Thread.currentThread());
    queue.add(pending);
    boolean interrupted = false;
    while (!pending.isDone()) {
      if (writerRole.tryLock()) {
        // The backend's lock may be held by its other operations, or by the writer of another
        // queue on the same log: wait for it.
        lock.lock();
        try {
          while (!pending.isDone()) {
            commitQueued(writer);
          }
        } finally {
          lock.unlock();
          writerRole.unlock();
        }
        // Whoever is first in the queue now writes the next batch.
        Pending next = queue.peek();
        if (next != null) {
          LockSupport.unpark(next.thread);
        }
      } else {
        // The writer of this queue wakes this thread when its entry is done, or when it is first
        // in the queue once the writer is done. An interrupt is kept for the caller: the
        // entry may already be on its way into the log, so the append is seen through.
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return pending.outcome();
  }

  /** How many appends wait for a batch (for tests that need a batch of a known size). */
  int queued() {
    return queue.size();
  }

  private void commitQueued(Writer writer) {
    // The callers of the batch before may be about to queue again: give them the processor once, so
    // that this batch takes them rather than going out nearly empty (on a busy machine the next
    // writer otherwise often writes only its own entry, a whole transaction or fsync for one). When
    // nothing else is runnable this returns at once.
    Thread.yield();
    long deadline = System.nanoTime() + linger.toNanos();
    while (queue.size() < maxBatch && System.nanoTime() < deadline) {
      LockSupport.parkNanos(200_000);
    }
    List<Pending> batch = new ArrayList<>();
    List<CanonicalEvent> events = new ArrayList<>();
    for (Pending p; batch.size() < maxBatch && (p = queue.poll()) != null; ) {
      if (canonical(p, events)) {
        batch.add(p);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      List<AuditEntry> entries = writer.write(events);
      if (entries.size() != batch.size()) {
        throw new IllegalStateException(
            "the writer stored " + entries.size() + " entries for " + batch.size() + " events");
      }
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).entry = entries.get(i);
      }
    } catch (GateException e) {
      batch.forEach(p -> p.failure = e);
    } catch (RuntimeException e) {
      batch.forEach(p -> p.unexpected = e);
    }
    for (Pending p : batch) {
      LockSupport.unpark(p.thread);
    }
  }

  /**
   * Puts {@code p}'s event in its canonical form, on its own: an event that has none fails its own
   * caller, who is woken at once, and never joins the batch.
   */
  private static boolean canonical(Pending p, List<CanonicalEvent> events) {
    try {
      events.add(CanonicalEvent.of(p.event));
      return true;
    } catch (GateException e) {
      p.failure = e;
      LockSupport.unpark(p.thread);
      return false;
    }
  }

  /** An event waiting for its batch. */
  private static final class Pending {
    final AuditEvent event;
    final Thread thread;
    volatile @Nullable AuditEntry entry;
    volatile @Nullable GateException failure;
    volatile @Nullable RuntimeException unexpected;

    Pending(AuditEvent event, Thread thread) {
      this.event = event;
      this.thread = thread;
    }

    boolean isDone() {
      return entry != null || failure != null || unexpected != null;
    }

    AuditEntry outcome() {
      if (failure instanceof AuditOutcomeUnknown unknown) {
        throw new AuditOutcomeUnknown(unknown.getMessage(), unknown);
      }
      if (failure != null) {
        throw new GateException(failure.code(), failure.getMessage(), failure);
      }
      if (unexpected != null) {
        throw new IllegalStateException(
            "appending to the audit log failed: " + unexpected, unexpected);
      }
      return requireNonNull(entry, "outcome asked before the batch completed");
    }
  }
}
