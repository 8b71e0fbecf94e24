package dev.atlasgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.workspace.Glob;
import dev.atlasgate.workspace.RandomGlobs;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The table-filling containment agrees with the recursive definition it replaced, and is sound:
 * whatever it says is contained is contained, path by path (seeded random globs and paths).
 */
class GlobContainmentPropertyTest {
  private static final int TRIES = 5_000;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 20261203})
  void contains_agreesWithTheRecursiveDefinition(long seed) {
    RandomGlobs random = new RandomGlobs(seed);
    for (int i = 0; i < TRIES; i++) {
      String outer = random.glob(3);
      String inner = random.chance(3) ? outer.replace('?', 'a') : random.glob(3);
      assertThat(GlobContainment.contains(outer, inner))
          .as("%s contains %s", outer, inner)
          .isEqualTo(ReferenceContainment.contains(outer, inner));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 20261203})
  void contains_isSound(long seed) {
    RandomGlobs random = new RandomGlobs(seed);
    for (int i = 0; i < TRIES; i++) {
      String outer = random.glob(3);
      String inner = random.glob(3);
      String path = random.path(4);
      if (GlobContainment.contains(outer, inner) && Glob.compile(inner).matches(path)) {
        assertThat(Glob.compile(outer).matches(path))
            .as("%s contains %s, which matches %s", outer, inner, path)
            .isTrue();
      }
      assertThat(GlobContainment.contains(outer, outer)).as("%s contains itself", outer).isTrue();
    }
  }

  /** The containment this project decided first, by backtracking over both patterns. */
  static final class ReferenceContainment {
    private ReferenceContainment() {}

    static boolean contains(String outer, String inner) {
      return segments(List.of(outer.split("/", -1)), 0, List.of(inner.split("/", -1)), 0);
    }

    private static boolean segments(List<String> outer, int o, List<String> inner, int i) {
      if (o == outer.size()) {
        return i == inner.size();
      }
      if (outer.get(o).equals("**")) {
        for (int skip = i; skip <= inner.size(); skip++) {
          if (segments(outer, o + 1, inner, skip)) {
            return true;
          }
        }
        return false;
      }
      if (i == inner.size() || inner.get(i).equals("**")) {
        return false;
      }
      return segment(outer.get(o), 0, inner.get(i), 0) && segments(outer, o + 1, inner, i + 1);
    }

    private static boolean segment(String outer, int o, String inner, int i) {
      if (o == outer.length()) {
        return i == inner.length();
      }
      char c = outer.charAt(o);
      if (c == '*') {
        for (int skip = i; skip <= inner.length(); skip++) {
          if (segment(outer, o + 1, inner, skip)) {
            return true;
          }
        }
        return false;
      }
      if (i == inner.length()) {
        return false;
      }
      char d = inner.charAt(i);
      boolean absorbed = c == '?' ? d != '*' : (d == c && d != '*' && d != '?');
      return absorbed && segment(outer, o + 1, inner, i + 1);
    }
  }
}
