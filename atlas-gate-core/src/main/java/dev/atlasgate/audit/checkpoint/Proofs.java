package dev.atlasgate.audit.checkpoint;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.List;

/**
 * Verifies RFC 9162 audit paths: an inclusion proof (§2.1.3.2) and a consistency proof (§2.1.4.2).
 * Every method answers false for a malformed proof rather than throwing.
 */
public final class Proofs {
  private Proofs() {}

  /**
   * Whether {@code path} proves leaf {@code index} with hash {@code leaf} in the tree {@code root}.
   */
  public static boolean verifyInclusion(
      long index, long size, byte[] leaf, List<byte[]> path, byte[] root) {
    requireNonNull(path, "path is null");
    if (index < 0 || index >= size || !wellFormed(leaf, root, path)) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leaf;
    for (byte[] p : path) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleHashes.node(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = MerkleHashes.node(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }

  /**
   * Whether {@code path} proves that the tree {@code firstRoot} of {@code first} leaves is a prefix
   * of the tree {@code secondRoot} of {@code second} leaves.
   */
  public static boolean verifyConsistency(
      long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> path) {
    requireNonNull(path, "path is null");
    if (first < 0 || first > second || !wellFormed(firstRoot, secondRoot, path)) {
      return false;
    }
    if (first == second) {
      return path.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
    }
    if (first == 0) {
      return path.isEmpty() && MessageDigest.isEqual(firstRoot, MerkleHashes.emptyRoot());
    }
    if (path.isEmpty()) {
      return false;
    }
    return consistent(first, second, firstRoot, secondRoot, path);
  }

  private static boolean consistent(
      long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> path) {
    boolean prefixed = Long.bitCount(first) == 1;
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = prefixed ? firstRoot : path.getFirst();
    byte[] sr = fr;
    for (int i = prefixed ? 0 : 1; i < path.size(); i++) {
      byte[] c = path.get(i);
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleHashes.node(c, fr);
        sr = MerkleHashes.node(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = MerkleHashes.node(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
  }

  private static boolean wellFormed(byte[] a, byte[] b, List<byte[]> path) {
    if (a == null || b == null || a.length != MerkleHashes.SIZE || b.length != MerkleHashes.SIZE) {
      return false;
    }
    return path.stream().allMatch(p -> p != null && p.length == MerkleHashes.SIZE);
  }
}
