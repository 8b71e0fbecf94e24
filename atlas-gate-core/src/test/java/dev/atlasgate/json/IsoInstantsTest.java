package dev.atlasgate.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast reader agrees with {@link Instant#parse} on what the product writes, and on the rest.
 */
class IsoInstantsTest {
  @Test
  void agreesWithInstantParse_onEveryFormInstantToStringWrites() {
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      // 1970 to 2200, with a fraction of 0, 3, 6 or 9 digits as toString() picks it.
      long seconds = random.nextLong(0, 7_258_118_400L);
      int nanos =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      String text = Instant.ofEpochSecond(seconds, nanos).toString();
      assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @Test
  void agreesWithInstantParse_onFractionsOfAnyLength_andTheEdgesOfTheCalendar() {
    for (String text :
        List.of(
            "2026-12-03T18:21:36Z",
            "2026-12-03T18:21:36.1Z",
            "2026-12-03T18:21:36.12Z",
            "2026-12-03T18:21:36.1234Z",
            "2026-12-03T18:21:36.12345678Z",
            "2026-12-03T18:21:36.123456789Z",
            "2024-02-29T23:59:59.999999999Z",
            "0000-01-01T00:00:00Z",
            "1969-12-31T23:59:59.5Z",
            "9999-12-31T23:59:59Z",
            "+10000-01-01T00:00:00Z",
            "-0001-01-01T00:00:00Z",
            "2026-12-03T18:21:36+01:00",
            "2016-12-31T23:59:60Z",
            // Accepted by Instant.parse: the end of the day, and an empty fraction.
            "2026-12-03T24:00:00Z",
            "2026-12-03T10:00:00.Z")) {
      assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @Test
  void refusesWhatInstantParseRefuses() {
    for (String text :
        List.of(
            "",
            "2026-12-03",
            "2026-02-30T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-12-03T10:60:00Z",
            "2026-12-03T10:00:00.1234567890Z",
            "2026-12-03T1a:00:00Z",
            "2026-12-03 10:00:00Z",
            "2026-12-03T10:00:00")) {
      assertThatThrownBy(() -> IsoInstants.parse(text))
          .as(text)
          .isInstanceOf(DateTimeException.class);
    }
  }
}
