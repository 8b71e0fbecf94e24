package dev.atlasgate.audit.checkpoint;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A Merkle tree kept in memory with every perfect subtree's hash (a node cache), so that a root or
 * proof of any size up to {@link #size()} costs O(log² n) hashes instead of rehashing the log.
 *
 * <p>Memory: about 64 bytes per leaf (the leaf hashes and, summed over the levels above, as many
 * again). Appending one leaf costs one leaf store and on average one node hash. Safe for one
 * appending thread and any number of readers.
 */
public final class MerkleTree {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<HashColumn> levels = new ArrayList<>();

  /** Appends the leaf hash {@code leaf} as leaf number {@code size()}. */
  public void append(byte[] leaf) {
    requireNonNull(leaf, "leaf is null");
    if (leaf.length != MerkleHashes.SIZE) {
      throw new IllegalArgumentException("a leaf hash has 32 bytes, not " + leaf.length);
    }
    lock.writeLock().lock();
    try {
      byte[] hash = leaf;
      for (int level = 0; ; level++) {
        if (levels.size() == level) {
          levels.add(new HashColumn());
        }
        HashColumn column = levels.get(level);
        column.add(hash);
        long index = column.size() - 1;
        if ((index & 1) == 0) {
          return;
        }
        hash = MerkleHashes.node(column.get(index - 1), hash);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The number of leaves. */
  public long size() {
    lock.readLock().lock();
    try {
      return levels.isEmpty() ? 0 : levels.getFirst().size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The hash of leaf {@code index}. */
  public byte[] leaf(long index) {
    lock.readLock().lock();
    try {
      checkSize(index + 1, "leaf index " + index);
      return levels.getFirst().get(index);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The root hash of the tree of the first {@code size} leaves. */
  public byte[] root(long size) {
    lock.readLock().lock();
    try {
      checkSize(size, "tree size " + size);
      return size == 0 ? MerkleHashes.emptyRoot() : hash(0, size);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The RFC 9162 §2.1.3.1 audit path of leaf {@code index} in the tree of {@code size} leaves. */
  public List<byte[]> inclusionPath(long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is not in a tree of " + size + " leaves");
    }
    lock.readLock().lock();
    try {
      checkSize(size, "tree size " + size);
      List<byte[]> path = new ArrayList<>();
      path(index, 0, size, path);
      return path;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The RFC 9162 §2.1.4.1 consistency path from the tree of {@code first} to {@code second}. */
  public List<byte[]> consistencyPath(long first, long second) {
    if (first < 0 || first > second) {
      throw new IllegalArgumentException(
          "a consistency proof needs 0 <= first <= second, not " + first + " and " + second);
    }
    lock.readLock().lock();
    try {
      checkSize(second, "tree size " + second);
      List<byte[]> path = new ArrayList<>();
      if (first > 0 && first < second) {
        subproof(first, 0, second, true, path);
      }
      return path;
    } finally {
      lock.readLock().unlock();
    }
  }

  private void path(long index, long start, long end, List<byte[]> out) {
    long n = end - start;
    if (n == 1) {
      return;
    }
    long k = MerkleHashes.split(n);
    if (index < k) {
      path(index, start, start + k, out);
      out.add(hash(start + k, end));
    } else {
      path(index - k, start + k, end, out);
      out.add(hash(start, start + k));
    }
  }

  private void subproof(long m, long start, long end, boolean whole, List<byte[]> out) {
    long n = end - start;
    if (m == n) {
      if (!whole) {
        out.add(hash(start, end));
      }
      return;
    }
    long k = MerkleHashes.split(n);
    if (m <= k) {
      subproof(m, start, start + k, whole, out);
      out.add(hash(start + k, end));
    } else {
      subproof(m - k, start + k, end, false, out);
      out.add(hash(start, start + k));
    }
  }

  /** MTH of leaves [start, end): a cached node when the range is a perfect aligned subtree. */
  private byte[] hash(long start, long end) {
    long n = end - start;
    if (Long.bitCount(n) == 1 && start % n == 0) {
      return levels.get(Long.numberOfTrailingZeros(n)).get(start / n);
    }
    long k = MerkleHashes.split(n);
    return MerkleHashes.node(hash(start, start + k), hash(start + k, end));
  }

  private void checkSize(long size, String what) {
    long have = levels.isEmpty() ? 0 : levels.getFirst().size();
    if (size < 0 || size > have) {
      throw new IllegalArgumentException(what + " is beyond the tree of " + have + " leaves");
    }
  }

  /**
   * Hashes of one level, in chunks of at most 1 MiB, so that growing never copies a whole level.
   */
  private static final class HashColumn {
    private static final int PER_CHUNK = 1 << 15;
    private final List<byte[]> chunks = new ArrayList<>();
    private long size;

    void add(byte[] hash) {
      int offset = (int) (size % PER_CHUNK);
      if (offset == 0) {
        chunks.add(new byte[64 * MerkleHashes.SIZE]);
      } else if (offset * MerkleHashes.SIZE == chunks.getLast().length) {
        chunks.set(
            chunks.size() - 1, Arrays.copyOf(chunks.getLast(), 2 * offset * MerkleHashes.SIZE));
      }
      System.arraycopy(hash, 0, chunks.getLast(), offset * MerkleHashes.SIZE, MerkleHashes.SIZE);
      size++;
    }

    byte[] get(long index) {
      byte[] chunk = chunks.get((int) (index / PER_CHUNK));
      int from = (int) (index % PER_CHUNK) * MerkleHashes.SIZE;
      return Arrays.copyOfRange(chunk, from, from + MerkleHashes.SIZE);
    }

    long size() {
      return size;
    }
  }
}
