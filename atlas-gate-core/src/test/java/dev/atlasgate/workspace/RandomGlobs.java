package dev.atlasgate.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small random globs and paths over a two-letter alphabet, for comparing matchers. */
public final class RandomGlobs {
  private final Random random;

  public RandomGlobs(long seed) {
    this.random = new Random(seed);
  }

  /** One to {@code maxSegments} segments, each {@code **} or one to three of {@code a b * ?}. */
  public String glob(int maxSegments) {
    List<String> segments = new ArrayList<>();
    int count = 1 + random.nextInt(maxSegments);
    for (int i = 0; i < count; i++) {
      segments.add(random.nextInt(4) == 0 ? "**" : word("ab*?", 1 + random.nextInt(3)));
    }
    return String.join("/", segments);
  }

  /** One to {@code maxSegments} segments of one to three of {@code a b}. */
  public String path(int maxSegments) {
    List<String> segments = new ArrayList<>();
    int count = 1 + random.nextInt(maxSegments);
    for (int i = 0; i < count; i++) {
      segments.add(word("ab", 1 + random.nextInt(3)));
    }
    return String.join("/", segments);
  }

  public boolean chance(int oneIn) {
    return random.nextInt(oneIn) == 0;
  }

  private String word(String alphabet, int length) {
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < length; i++) {
      word.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return word.toString();
  }
}
