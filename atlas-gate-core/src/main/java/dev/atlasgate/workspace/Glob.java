package dev.atlasgate.workspace;

import static java.util.Objects.requireNonNull;

import java.util.BitSet;
import java.util.List;

/**
 * A glob over '/'-separated workspace-relative paths.
 *
 * <p>{@code **} as a whole segment matches any number of segments (none included); {@code *}
 * matches any run of characters within a segment; {@code ?} one character other than '/';
 * everything else is literal and case-sensitive. A pattern ending in '/' means that directory and
 * everything below it ({@code src/} is {@code src/**}).
 *
 * <p>Matching never backtracks over segments: the pattern's segments are the states of an automaton
 * whose set of live states is carried along the path, one path segment at a time, and a segment is
 * matched with the two-pointer method that returns to the last {@code *} only. A match takes time
 * proportional to the product of the pattern's and the path's lengths at worst, and a pattern is at
 * most {@value #MAX_LENGTH} characters long.
 */
public final class Glob {
  /** The longest pattern compiled, in characters. */
  public static final int MAX_LENGTH = 256;

  private static final String ANY_SEGMENTS = "**";

  private final String pattern;
  private final List<String> segments;

  /** The compiled pattern of each segment; none for {@code **}. */
  private final List<SegmentPattern> compiled;

  private Glob(String pattern, List<String> segments) {
    this.pattern = pattern;
    this.segments = segments;
    this.compiled =
        segments.stream()
            .map(s -> SegmentPattern.compile(s.equals(ANY_SEGMENTS) ? "" : s))
            .toList();
  }

  /**
   * Compiles {@code pattern}; an empty pattern, an absolute one, an empty segment or a pattern
   * longer than {@value #MAX_LENGTH} characters is refused.
   */
  public static Glob compile(String pattern) {
    requireNonNull(pattern, "pattern is null");
    if (pattern.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "glob of "
              + pattern.length()
              + " characters is longer than the limit of "
              + MAX_LENGTH
              + " characters");
    }
    String normal = pattern.endsWith("/") ? pattern + ANY_SEGMENTS : pattern;
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
    return matches(at(relativePath));
  }

  /**
   * Whether some path below the directory {@code relativeDirectory} ("" for the root) could match:
   * false means a walk need not enter it. Never false for a directory that holds a match.
   */
  public boolean mayMatchBelow(String relativeDirectory) {
    return mayMatchBelow(relativeDirectory.isEmpty() ? start() : at(relativeDirectory));
  }

  /**
   * Where a walk stands in this glob after some path segments: the pattern segments still alive. A
   * walk down a tree keeps one per directory, so that each name is read once.
   */
  public static final class Position {
    private final BitSet live;

    private Position(BitSet live) {
      this.live = live;
    }

    /** The work of entering {@code name} from here: live pattern segments times its length. */
    public long cost(String name) {
      return (long) live.cardinality() * (name.length() + 1);
    }
  }

  /** The position before any segment: the workspace root. */
  public Position start() {
    BitSet live = new BitSet(segments.size() + 1);
    live.set(0);
    return new Position(closure(live));
  }

  /** The position after reading every segment of {@code relativePath} from the root. */
  public Position at(String relativePath) {
    Position at = start();
    int from = 0;
    while (!at.live.isEmpty()) {
      int end = relativePath.indexOf('/', from);
      at = enter(at, relativePath.substring(from, end < 0 ? relativePath.length() : end));
      if (end < 0) {
        break;
      }
      from = end + 1;
    }
    return at;
  }

  /** The position reached from {@code at} by reading one path segment, {@code name}. */
  public Position enter(Position at, String name) {
    BitSet next = new BitSet(segments.size() + 1);
    BitSet live = at.live;
    for (int p = live.nextSetBit(0); p >= 0 && p < segments.size(); p = live.nextSetBit(p + 1)) {
      if (segments.get(p).equals(ANY_SEGMENTS)) {
        next.set(p);
      } else if (compiled.get(p).matches(name)) {
        next.set(p + 1);
      }
    }
    return new Position(closure(next));
  }

  /** Whether the path read to {@code at} matches this glob. */
  public boolean matches(Position at) {
    return at.live.get(segments.size());
  }

  /** Whether some path below {@code at}, one segment or more, could match. */
  public boolean mayMatchBelow(Position at) {
    int next = at.live.nextSetBit(0);
    return next >= 0 && next < segments.size();
  }

  /** Adds the states reached without reading: past each {@code **}, which may match nothing. */
  private BitSet closure(BitSet live) {
    for (int p = live.nextSetBit(0); p >= 0 && p < segments.size(); p = live.nextSetBit(p + 1)) {
      if (segments.get(p).equals(ANY_SEGMENTS)) {
        live.set(p + 1);
      }
    }
    return live;
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
