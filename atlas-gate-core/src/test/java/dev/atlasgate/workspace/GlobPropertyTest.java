package dev.atlasgate.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The automaton matcher agrees with a plain backtracking one on many small random globs and paths
 * (seeded, so that a failure can be replayed).
 */
class GlobPropertyTest {
  private static final int TRIES = 5_000;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 20261203})
  void matches_agreesWithTheBacktrackingMatcher(long seed) {
    RandomGlobs random = new RandomGlobs(seed);
    for (int i = 0; i < TRIES; i++) {
      String glob = random.glob(4) + (random.chance(5) ? "/" : "");
      String path = random.path(5);
      assertThat(Glob.compile(glob).matches(path))
          .as("%s ~ %s", glob, path)
          .isEqualTo(ReferenceGlob.matches(glob, path));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 20261203})
  void mayMatchBelow_isFalseOnlyWhereNothingBelowMatches(long seed) {
    RandomGlobs random = new RandomGlobs(seed);
    for (int i = 0; i < TRIES; i++) {
      Glob glob = Glob.compile(random.glob(4));
      String directory = random.path(3);
      String path = directory + "/" + random.path(3);
      if (glob.matches(path)) {
        assertThat(glob.mayMatchBelow(directory)).as("%s below %s", glob, directory).isTrue();
        assertThat(glob.mayMatchBelow("")).as("%s below the root", glob).isTrue();
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 20261203})
  void longSegments_spanningSeveralWords_agreeWithATableOfPositions(long seed) {
    java.util.Random random = new java.util.Random(seed);
    for (int i = 0; i < 2_000; i++) {
      String pattern = word(random, "aab*?", 1 + random.nextInt(Glob.MAX_LENGTH));
      String text = word(random, "ab", random.nextInt(300));
      assertThat(SegmentPattern.compile(pattern).matches(text))
          .as("%s ~ %s", pattern, text)
          .isEqualTo(table(pattern, text));
    }
  }

  private static String word(java.util.Random random, String alphabet, int length) {
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < length; i++) {
      word.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return word.toString();
  }

  /** Wildcard matching by the textbook table over (pattern position, text position). */
  private static boolean table(String pattern, String text) {
    boolean[][] match = new boolean[pattern.length() + 1][text.length() + 1];
    match[pattern.length()][text.length()] = true;
    for (int p = pattern.length() - 1; p >= 0; p--) {
      for (int t = text.length(); t >= 0; t--) {
        char c = pattern.charAt(p);
        match[p][t] =
            c == '*'
                ? match[p + 1][t] || (t < text.length() && match[p][t + 1])
                : t < text.length() && (c == '?' || c == text.charAt(t)) && match[p + 1][t + 1];
      }
    }
    return match[0][0];
  }

  /** The matcher this project used first: backtracking over segments and characters. */
  static final class ReferenceGlob {
    private ReferenceGlob() {}

    static boolean matches(String glob, String path) {
      String normal = glob.endsWith("/") ? glob + "**" : glob;
      return segments(List.of(normal.split("/", -1)), 0, path.split("/", -1), 0);
    }

    private static boolean segments(List<String> pattern, int p, String[] path, int s) {
      if (p == pattern.size()) {
        return s == path.length;
      }
      if (pattern.get(p).equals("**")) {
        for (int skip = s; skip <= path.length; skip++) {
          if (segments(pattern, p + 1, path, skip)) {
            return true;
          }
        }
        return false;
      }
      return s < path.length
          && characters(pattern.get(p), 0, path[s], 0)
          && segments(pattern, p + 1, path, s + 1);
    }

    private static boolean characters(String pattern, int p, String text, int t) {
      if (p == pattern.length()) {
        return t == text.length();
      }
      if (pattern.charAt(p) == '*') {
        for (int skip = t; skip <= text.length(); skip++) {
          if (characters(pattern, p + 1, text, skip)) {
            return true;
          }
        }
        return false;
      }
      return t < text.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))
          && characters(pattern, p + 1, text, t + 1);
    }
  }
}
