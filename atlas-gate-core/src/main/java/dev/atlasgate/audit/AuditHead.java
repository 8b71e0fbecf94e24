package dev.atlasgate.audit;

import static java.util.Objects.requireNonNull;

/** The last entry of a chain: its {@code seq} and {@code hash}; the genesis before any entry. */
public record AuditHead(long seq, String hash) {
  public static final AuditHead GENESIS = new AuditHead(0, "0".repeat(64));

  public AuditHead {
    requireNonNull(hash, "hash is null");
    if (seq < 0) {
      throw new IllegalArgumentException("seq is negative: " + seq);
    }
  }
}
