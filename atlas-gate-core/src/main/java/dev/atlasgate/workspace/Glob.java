package dev.atlasgate.workspace;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A glob over '/'-separated workspace-relative paths.
 *
 * <p>{@code **} as a whole segment matches any number of segments (none included); {@code *}
 * matches any run of characters within a segment; {@code ?} one character other than '/';
 * everything else is literal and case-sensitive. A pattern ending in '/' means that directory and
 * everything below it ({@code src/} is {@code src/**}). Matching is linear in practice: no
 * backtracking regular expression is involved.
 */
public final class Glob {
  private final String pattern;
  private final List<String> segments;

  private Glob(String pattern, List<String> segments) {
    this.pattern = pattern;
    this.segments = segments;
  }

  /** Compiles {@code pattern}; an empty pattern or an empty segment is refused. */
  public static Glob compile(String pattern) {
    requireNonNull(pattern, "pattern is null");
    String normal = pattern.endsWith("/") ? pattern + "**" : pattern;
    if (normal.isEmpty() || normal.startsWith("/") || normal.contains("//")) {
      throw new IllegalArgumentException(
          "glob \"" + pattern + "\" must be a non-empty relative pattern without empty segments");
    }
    return new Glob(pattern, List.of(normal.split("/", -1)));
  }

  public String pattern() {
    return pattern;
  }

  /** Whether {@code relativePath} (segments separated by '/') matches this glob. */
  public boolean matches(String relativePath) {
    String[] path = relativePath.split("/", -1);
    return matchSegments(0, path, 0);
  }

  private boolean matchSegments(int p, String[] path, int s) {
    while (p < segments.size()) {
      String segment = segments.get(p);
      if (segment.equals("**")) {
        // Collapse runs of ** and try every split point; segment counts are small.
        while (p + 1 < segments.size() && segments.get(p + 1).equals("**")) {
          p++;
        }
        for (int skip = s; skip <= path.length; skip++) {
          if (matchSegments(p + 1, path, skip)) {
            return true;
          }
        }
        return false;
      }
      if (s >= path.length || !matchSegment(segment, path[s])) {
        return false;
      }
      p++;
      s++;
    }
    return s == path.length;
  }

  /**
   * Wildcard match of one segment with the classic two-pointer method (no backtracking blow-up).
   */
  static boolean matchSegment(String pattern, String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int mark = 0;
    while (t < text.length()) {
      if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))
          && pattern.charAt(p) != '*') {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Glob glob && glob.pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
