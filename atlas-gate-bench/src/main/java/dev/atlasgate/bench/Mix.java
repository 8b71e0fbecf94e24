package dev.atlasgate.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The share of each tool in the measured phase, as integer weights: {@code
 * read=60,list=30,write=10} sends six reads for every three listings and one write. {@code echo=1}
 * calls the {@code echo} tool of a server without governance (a comparison point), and then no
 * governance session is begun.
 */
record Mix(int read, int list, int write, int echo) {
  static final Mix DEFAULT = new Mix(60, 30, 10, 0);

  Mix(int read, int list, int write) {
    this(read, list, write, 0);
  }

  Mix {
    if (read < 0 || list < 0 || write < 0 || echo < 0) {
      throw new BenchException(
          "--mix weights must not be negative: " + read + "/" + list + "/" + write + "/" + echo);
    }
    if (read + list + write + echo == 0) {
      throw new BenchException("--mix needs at least one positive weight");
    }
    if (echo > 0 && read + list + write > 0) {
      throw new BenchException("--mix echo=N goes alone: echo servers have no governed tools");
    }
  }

  /** Whether the clients begin a governance session first (not for an echo server). */
  boolean governed() {
    return echo == 0;
  }

  /** Parses {@code read=N,list=N,write=N}; a kind left out has weight 0. */
  static Mix parse(String text) {
    Map<String, Integer> weights =
        new LinkedHashMap<>(Map.of("read", 0, "list", 0, "write", 0, "echo", 0));
    for (String part : text.split(",")) {
      String[] pair = part.trim().split("=", 2);
      if (pair.length != 2 || !weights.containsKey(pair[0].trim())) {
        throw new BenchException(
            "--mix \"" + text + "\" is not valid; it accepts read=N,list=N,write=N or echo=N");
      }
      weights.put(pair[0].trim(), weight(text, pair[1].trim()));
    }
    return new Mix(
        weights.getOrDefault("read", 0),
        weights.getOrDefault("list", 0),
        weights.getOrDefault("write", 0),
        weights.getOrDefault("echo", 0));
  }

  private static int weight(String text, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new BenchException("--mix \"" + text + "\": \"" + value + "\" is not a whole number");
    }
  }

  int total() {
    return read + list + write + echo;
  }

  /** The operation for a number drawn uniformly from {@code 0 .. total() - 1}. */
  Operation pick(int draw) {
    if (draw < 0 || draw >= total()) {
      throw new IllegalArgumentException("draw " + draw + " is outside 0.." + (total() - 1));
    }
    if (echo > 0) {
      return Operation.ECHO;
    }
    if (draw < read) {
      return Operation.READ;
    }
    return draw < read + list ? Operation.LIST : Operation.WRITE;
  }

  @Override
  public String toString() {
    return echo > 0 ? "echo=" + echo : "read=" + read + ",list=" + list + ",write=" + write;
  }
}
