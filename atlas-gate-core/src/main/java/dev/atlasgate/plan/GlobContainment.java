package dev.atlasgate.plan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether every path one glob matches is matched by another, decided soundly by matching pattern
 * against pattern.
 *
 * <p>An outer {@code **} absorbs any inner segments, an inner {@code **} included; an inner {@code
 * **} is absorbed only by an outer one. Within a segment an outer {@code *} absorbs any run of
 * inner characters, wildcards included; an outer {@code ?} absorbs one inner literal or {@code ?},
 * never an inner {@code *}.
 *
 * <p>Each question is a table over pairs of positions (outer, inner), filled once from the ends
 * backwards, at the level of segments and, for each pair of segments, at the level of characters,
 * where a row of the table is a bit set: the time is at most the product of the two globs' lengths
 * over 64, whatever their wildcards.
 */
final class GlobContainment {
  private static final String ANY_SEGMENTS = "**";

  private GlobContainment() {}

  /** True when every path that {@code inner} matches is matched by {@code outer}. */
  static boolean contains(String outer, String inner) {
    List<String> o = normal(outer);
    List<String> i = normal(inner);
    // absorbs[a][b]: outer segments from a absorb inner segments from b.
    boolean[][] absorbs = new boolean[o.size() + 1][i.size() + 1];
    absorbs[o.size()][i.size()] = true;
    for (int a = o.size() - 1; a >= 0; a--) {
      for (int b = i.size(); b >= 0; b--) {
        absorbs[a][b] =
            o.get(a).equals(ANY_SEGMENTS)
                ? absorbs[a + 1][b] || (b < i.size() && absorbs[a][b + 1])
                : b < i.size()
                    && !i.get(b).equals(ANY_SEGMENTS)
                    && absorbs[a + 1][b + 1]
                    && segment(o.get(a), i.get(b));
      }
    }
    return absorbs[0][0];
  }

  private static List<String> normal(String glob) {
    String expanded = glob.endsWith("/") ? glob + ANY_SEGMENTS : glob;
    return List.of(expanded.split("/", -1));
  }

  /**
   * True when every name that the segment {@code inner} matches is matched by {@code outer}.
   *
   * <p>Row {@code a} of the table says, for each inner position {@code b} (one bit each), whether
   * outer characters from {@code a} absorb inner characters from {@code b}; each row comes from the
   * next in a few operations per 64 inner characters.
   */
  static boolean segment(String outer, String inner) {
    int n = inner.length();
    int words = n / 64 + 1;
    long[] notStar = new long[words];
    Map<Character, long[]> literals = new HashMap<>();
    for (int b = 0; b < n; b++) {
      char d = inner.charAt(b);
      if (d != '*') {
        set(notStar, b);
      }
      set(literals.computeIfAbsent(d, k -> new long[words]), b);
    }
    long[] none = new long[words];
    long[] row = new long[words];
    set(row, n);
    for (int a = outer.length() - 1; a >= 0; a--) {
      char c = outer.charAt(a);
      if (c == '*') {
        fillBelowHighest(row);
      } else {
        shiftDown(row);
        long[] allowed = c == '?' ? notStar : literals.getOrDefault(c, none);
        for (int w = 0; w < words; w++) {
          row[w] &= allowed[w];
        }
      }
    }
    return (row[0] & 1L) != 0;
  }

  private static void set(long[] bits, int index) {
    bits[index >>> 6] |= 1L << (index & 63);
  }

  /** Bit b becomes bit b + 1 of before: absorbing one character moves one position on. */
  private static void shiftDown(long[] bits) {
    for (int w = 0; w < bits.length; w++) {
      long carry = w + 1 < bits.length ? bits[w + 1] << 63 : 0;
      bits[w] = (bits[w] >>> 1) | carry;
    }
  }

  /** Sets every bit up to the highest one set: an outer '*' may absorb any run before it. */
  private static void fillBelowHighest(long[] bits) {
    int w = bits.length - 1;
    while (w >= 0 && bits[w] == 0) {
      w--;
    }
    if (w < 0) {
      return;
    }
    int high = 63 - Long.numberOfLeadingZeros(bits[w]);
    bits[w] = high == 63 ? -1L : (1L << (high + 1)) - 1;
    for (int lower = 0; lower < w; lower++) {
      bits[lower] = -1L;
    }
  }
}
