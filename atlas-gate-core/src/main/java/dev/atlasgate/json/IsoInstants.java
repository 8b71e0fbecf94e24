package dev.atlasgate.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads ISO-8601 instants as the product writes them ({@link Instant#toString()}: {@code
 * 2026-12-03T18:21:36.123456789Z}, a fraction of 0 to 9 digits) without {@link
 * java.time.format.DateTimeFormatter}, whose parser builds a map for every field: reading the
 * instants of a session from Redis on every call was a third of what the cloud shape allocated. Any
 * other form, and anything out of range, is read by {@link Instant#parse}, which also gives the
 * error.
 */
public final class IsoInstants {
  private static final int[] SCALE = {
    1, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  private IsoInstants() {}

  /** The instant {@code text} names; as {@link Instant#parse} would read it. */
  public static Instant parse(String text) {
    int n = text.length();
    if (n < 20
        || n > 30
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(n - 1) != 'Z'
        || (n > 20 && (n == 21 || text.charAt(19) != '.'))) {
      return Instant.parse(text);
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int fraction = n > 20 ? digits(text, 20, n - 1) : 0;
    if ((year | month | day | hour | minute | second | fraction) < 0
        || hour > 23
        || minute > 59
        || second > 59) {
      return Instant.parse(text);
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return Instant.parse(text);
    }
    int nanos = n > 20 ? fraction * SCALE[n - 21] : 0;
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal number of {@code text[from, to)}, or -1 when a char there is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      int d = text.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }
}
