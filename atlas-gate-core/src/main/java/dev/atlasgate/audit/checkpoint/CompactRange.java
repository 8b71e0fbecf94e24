package dev.atlasgate.audit.checkpoint;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of a Merkle tree: the roots of its perfect subtrees, largest first, which is all
 * that is needed to extend the tree by one leaf and to compute its root, in O(log n) time and
 * memory.
 *
 * <p>Not thread-safe: confine an instance to one thread or guard it.
 */
final class CompactRange {
  private final List<byte[]> peaks = new ArrayList<>();
  private long size;

  /** Appends the leaf hash {@code leaf} as leaf number {@code size()}. */
  public void append(byte[] leaf) {
    requireNonNull(leaf, "leaf is null");
    byte[] hash = leaf;
    for (long s = size; (s & 1) == 1; s >>>= 1) {
      hash = MerkleHashes.node(peaks.removeLast(), hash);
    }
    peaks.add(hash);
    size++;
  }

  public long size() {
    return size;
  }

  /** The root hash of the tree of the leaves appended so far. */
  public byte[] root() {
    if (peaks.isEmpty()) {
      return MerkleHashes.emptyRoot();
    }
    byte[] root = peaks.getLast();
    for (int i = peaks.size() - 2; i >= 0; i--) {
      root = MerkleHashes.node(peaks.get(i), root);
    }
    return root;
  }
}
