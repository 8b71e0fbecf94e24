package dev.atlasgate.audit;

import java.util.stream.Stream;

/**
 * The tamper-evident, append-only record of every call: one hash chain per deployment.
 *
 * <p>Implementations must never fork the chain: under any concurrency, two entries never claim the
 * same {@code seq} or the same {@code prev_hash}.
 */
public interface AuditLog extends AutoCloseable {

  /**
   * Appends {@code event} as the next entry and returns only once it is durable.
   *
   * @throws dev.atlasgate.error.GateException with {@code AUDIT_UNAVAILABLE} when the entry cannot
   *     be made durable; it is then not in the log
   */
  AuditEntry append(AuditEvent event);

  /** The last entry's seq and hash, or {@link AuditHead#GENESIS} when the log is empty. */
  AuditHead head();

  /** The stored entries from {@code fromSeq} on, in order, read lazily; close the stream. */
  Stream<StoredEntry> entries(long fromSeq);

  @Override
  void close();
}
