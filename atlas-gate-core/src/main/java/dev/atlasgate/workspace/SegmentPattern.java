package dev.atlasgate.workspace;

import java.util.HashMap;
import java.util.Map;

/**
 * One segment of a glob ({@code *} any run of characters, {@code ?} one character, the rest
 * literal), compiled to a bit-parallel automaton: state {@code i} means the first {@code i}
 * non-{@code *} characters of the pattern are matched, and every state is one bit. Reading a
 * character shifts the live states by one where the pattern allows that character, and keeps those
 * followed by a {@code *}. A match takes one pass over the text, each step a few operations per 64
 * pattern characters: no input makes it backtrack.
 */
final class SegmentPattern {
  private static final long[] NONE = new long[0];

  private final int accept;
  private final long[] loops;
  private final long[] anyChar;
  private final Map<Character, long[]> literals;

  private SegmentPattern(
      int accept, long[] loops, long[] anyChar, Map<Character, long[]> literals) {
    this.accept = accept;
    this.loops = loops;
    this.anyChar = anyChar;
    this.literals = literals;
  }

  static SegmentPattern compile(String pattern) {
    int count = (int) pattern.chars().filter(c -> c != '*').count();
    int words = count / 64 + 1;
    long[] loops = new long[words];
    long[] anyChar = new long[words];
    Map<Character, long[]> literals = new HashMap<>();
    int state = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        set(loops, state);
        continue;
      }
      state++;
      set(c == '?' ? anyChar : literals.computeIfAbsent(c, k -> new long[words]), state);
    }
    return new SegmentPattern(count, loops, anyChar, Map.copyOf(literals));
  }

  private static void set(long[] bits, int index) {
    bits[index >>> 6] |= 1L << (index & 63);
  }

  /** Whether {@code text}, one path segment, matches this pattern. */
  boolean matches(String text) {
    long[] live = new long[loops.length];
    long[] next = new long[loops.length];
    live[0] = 1L;
    for (int t = 0; t < text.length(); t++) {
      long[] literal = literals.getOrDefault(text.charAt(t), NONE);
      long carry = 0;
      long any = 0;
      for (int w = 0; w < live.length; w++) {
        long shifted = (live[w] << 1) | carry;
        carry = live[w] >>> 63;
        long allowed = anyChar[w] | (w < literal.length ? literal[w] : 0);
        next[w] = (shifted & allowed) | (live[w] & loops[w]);
        any |= next[w];
      }
      if (any == 0) {
        return false;
      }
      long[] swap = live;
      live = next;
      next = swap;
    }
    return (live[accept >>> 6] & (1L << (accept & 63))) != 0;
  }
}
