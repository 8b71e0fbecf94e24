package dev.atlasgate.audit.checkpoint;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A second, deliberately naive implementation of RFC 9162 §2.1, written straight from the recursive
 * definitions (MTH, PATH, PROOF/SUBPROOF) and sharing no code with production, so that the two can
 * be checked against each other. Lists of leaf hashes stand for D[n].
 */
final class ReferenceMerkle {
  private ReferenceMerkle() {}

  static byte[] sha256(byte prefix, byte[]... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(prefix);
      for (byte[] p : parts) {
        d.update(p);
      }
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] leafHash(byte[] data) {
    return sha256((byte) 0, data);
  }

  /** k: the largest power of two smaller than n, by doubling. */
  static int k(int n) {
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return k;
  }

  /** MTH(D[n]) over leaf hashes. */
  static byte[] mth(List<byte[]> d) {
    if (d.isEmpty()) {
      try {
        return MessageDigest.getInstance("SHA-256").digest();
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }
    if (d.size() == 1) {
      return d.getFirst();
    }
    int k = k(d.size());
    return sha256((byte) 1, mth(d.subList(0, k)), mth(d.subList(k, d.size())));
  }

  /** PATH(m, D[n]). */
  static List<byte[]> path(int m, List<byte[]> d) {
    List<byte[]> out = new ArrayList<>();
    if (d.size() <= 1) {
      return out;
    }
    int k = k(d.size());
    if (m < k) {
      out.addAll(path(m, d.subList(0, k)));
      out.add(mth(d.subList(k, d.size())));
    } else {
      out.addAll(path(m - k, d.subList(k, d.size())));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  /** PROOF(m, D[n]). */
  static List<byte[]> proof(int m, List<byte[]> d) {
    return subproof(m, d, true);
  }

  private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
    List<byte[]> out = new ArrayList<>();
    int n = d.size();
    if (m == n) {
      if (!b) {
        out.add(mth(d));
      }
      return out;
    }
    int k = k(n);
    if (m <= k) {
      out.addAll(subproof(m, d.subList(0, k), b));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, d.subList(k, n), false));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  /**
   * Verifies an inclusion path by rebuilding the root along the same recursion that made it: the
   * last element of the path is the sibling at the top.
   */
  static boolean verifyInclusion(int index, int size, byte[] leaf, List<byte[]> path, byte[] root) {
    if (index < 0 || index >= size) {
      return false;
    }
    int[] used = {path.size()};
    byte[] rebuilt = rebuild(index, size, leaf, path, used);
    return rebuilt != null && used[0] == 0 && Arrays.equals(rebuilt, root);
  }

  private static byte[] rebuild(int index, int size, byte[] leaf, List<byte[]> path, int[] end) {
    if (size == 1) {
      return leaf;
    }
    if (end[0] == 0) {
      return null;
    }
    byte[] sibling = path.get(--end[0]);
    int k = k(size);
    byte[] below =
        index < k
            ? rebuild(index, k, leaf, path, end)
            : rebuild(index - k, size - k, leaf, path, end);
    if (below == null) {
      return null;
    }
    return index < k ? sha256((byte) 1, below, sibling) : sha256((byte) 1, sibling, below);
  }

  /** Verifies a consistency path by rebuilding both roots along the SUBPROOF recursion. */
  static boolean verifyConsistency(
      int m, int n, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
    if (m < 1 || m > n) {
      return false;
    }
    if (m == n) {
      return proof.isEmpty() && Arrays.equals(oldRoot, newRoot);
    }
    int[] end = {proof.size()};
    byte[][] roots = both(m, n, true, oldRoot, proof, end);
    return roots != null
        && end[0] == 0
        && Arrays.equals(roots[0], oldRoot)
        && Arrays.equals(roots[1], newRoot);
  }

  private static byte[][] both(int m, int n, boolean b, byte[] oldRoot, List<byte[]> p, int[] end) {
    if (m == n) {
      if (b) {
        return new byte[][] {oldRoot, oldRoot};
      }
      if (end[0] == 0) {
        return null;
      }
      byte[] h = p.get(--end[0]);
      return new byte[][] {h, h};
    }
    if (end[0] == 0) {
      return null;
    }
    byte[] c = p.get(--end[0]);
    int k = k(n);
    if (m <= k) {
      byte[][] left = both(m, k, b, oldRoot, p, end);
      return left == null ? null : new byte[][] {left[0], sha256((byte) 1, left[1], c)};
    }
    byte[][] right = both(m - k, n - k, false, oldRoot, p, end);
    return right == null
        ? null
        : new byte[][] {sha256((byte) 1, c, right[0]), sha256((byte) 1, c, right[1])};
  }
}
