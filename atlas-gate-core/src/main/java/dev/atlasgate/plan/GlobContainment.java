package dev.atlasgate.plan;

import java.util.List;

/**
 * Whether every path one glob matches is matched by another, decided soundly by matching pattern
 * against pattern.
 *
 * <p>An outer {@code **} absorbs any inner segments, an inner {@code **} included; an inner {@code
 * **} is absorbed only by an outer one. Within a segment an outer {@code *} absorbs any run of
 * inner characters, wildcards included; an outer {@code ?} absorbs one inner literal or {@code ?},
 * never an inner {@code *}.
 */
final class GlobContainment {
  private GlobContainment() {}

  /** True when every path that {@code inner} matches is matched by {@code outer}. */
  static boolean contains(String outer, String inner) {
    return segments(normal(outer), 0, normal(inner), 0);
  }

  private static List<String> normal(String glob) {
    String expanded = glob.endsWith("/") ? glob + "**" : glob;
    return List.of(expanded.split("/", -1));
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
