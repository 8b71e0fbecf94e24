package dev.atlasgate.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/** An audit chain kept in memory, for tests and throw-away gateways. */
public final class InMemoryAuditLog implements AuditLog {
  private final ReentrantLock lock = new ReentrantLock();
  private final List<AuditEntry> entries = new ArrayList<>();
  private AuditHead head = AuditHead.GENESIS;

  @Override
  public AuditEntry append(AuditEvent event) {
    CanonicalEvent canonical = CanonicalEvent.of(event);
    lock.lock();
    try {
      AuditEntry entry = canonical.sealAfter(head);
      entries.add(entry);
      head = new AuditHead(entry.seq(), entry.hash());
      return entry;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public AuditHead head() {
    lock.lock();
    try {
      return head;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Stream<StoredEntry> entries(long fromSeq) {
    List<AuditEntry> snapshot;
    lock.lock();
    try {
      snapshot = List.copyOf(entries);
    } finally {
      lock.unlock();
    }
    return snapshot.stream()
        .filter(e -> e.seq() >= fromSeq)
        .map(e -> new StoredEntry.Readable(e.toJson()));
  }

  @Override
  public void close() {}
}
