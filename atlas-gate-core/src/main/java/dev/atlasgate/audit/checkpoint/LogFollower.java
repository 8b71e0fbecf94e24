package dev.atlasgate.audit.checkpoint;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Extends a {@link MerkleTree} with the entries appended to an audit log since it last looked,
 * through {@link AuditLog#entries(long)}, so it works for every backend and for entries other
 * instances appended to a shared chain. It checks the chain as it goes and stops before the first
 * entry that does not continue it: a tree over a broken chain is never signed.
 *
 * <p>Confined to the caller's lock (see {@link Checkpointer}).
 */
final class LogFollower {
  private final AuditLog audit;
  private final MerkleTree tree;
  private AuditHead head = AuditHead.GENESIS;
  private Optional<String> broken = Optional.empty();

  LogFollower(AuditLog audit, MerkleTree tree) {
    this.audit = audit;
    this.tree = tree;
  }

  /** Reads the new entries; returns how many were added to the tree. */
  long follow() {
    long added = 0;
    try (Stream<StoredEntry> entries = audit.entries(head.seq() + 1)) {
      Iterator<StoredEntry> it = entries.iterator();
      while (it.hasNext()) {
        Optional<String> problem = extend(it.next());
        if (problem.isPresent()) {
          broken = problem;
          return added;
        }
        added++;
      }
    }
    broken = Optional.empty();
    return added;
  }

  /** Why the tree stopped short of the log's end at the last {@link #follow()}, if it did. */
  Optional<String> broken() {
    return broken;
  }

  private Optional<String> extend(StoredEntry stored) {
    long expected = head.seq() + 1;
    if (!(stored instanceof StoredEntry.Readable readable)) {
      return Optional.of("entry " + expected + " is unreadable");
    }
    JsonObject entry = readable.json();
    boolean seqOk =
        entry.get("seq").orElse(null) instanceof JsonNumber n
            && n.isIntegral()
            && n.value().longValue() == expected;
    Optional<String> hash = entry.string("hash");
    if (!seqOk
        || !entry.string("prev_hash").filter(head.hash()::equals).isPresent()
        || hash.isEmpty()
        || !hash.get().equals(AuditEntry.hashOf(entry))) {
      return Optional.of("entry " + expected + " does not continue the chain");
    }
    tree.append(MerkleHashes.entry(entry));
    head = new AuditHead(expected, hash.get());
    return Optional.empty();
  }
}
