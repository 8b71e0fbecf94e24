package dev.atlasgate.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8785 (JSON Canonicalization Scheme), checked with the RFC's own examples. */
class CanonicalJsonTest {

  @Test
  void canonical_rfc8785Section3_2_2Example() {
    String input =
        """
        {
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
          "literals": [null, true, false]
        }
        """;
    assertThat(Json.parse(input).canonical())
        .isEqualTo(
            "{\"literals\":[null,true,false],"
                + "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @Test
  void canonical_rfc8785Section3_2_3_sortsByUtf16CodeUnits() {
    String input =
        """
        {
          "\\u20ac": "Euro Sign",
          "\\r": "Carriage Return",
          "\\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\\ud83d\\ude00": "Emoji: Grinning Face",
          "\\u0080": "Control",
          "\\u00f6": "Latin Small Letter O With Diaeresis"
        }
        """;
    assertThat(Json.parse(input).canonical())
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @Test
  void canonical_nestedObjectsAreSortedToo() {
    assertThat(Json.parse("{\"b\":{\"z\":1,\"a\":[{\"y\":2,\"x\":3}]},\"a\":true}").canonical())
        .isEqualTo("{\"a\":true,\"b\":{\"a\":[{\"x\":3,\"y\":2}],\"z\":1}}");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2"
  })
  void canonical_numbers_rfc8785AppendixB(String bits, String expected) {
    double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    assertThat(EcmaNumbers.toString(value)).isEqualTo(expected);
    assertThat(JsonNumber.of(value).canonical()).isEqualTo(expected);
  }

  @Test
  void canonical_numbers_agreeWithEcmaScriptOnRandomDoubles() {
    // Property: the text reads back as the same double and is never longer than Java's digits.
    java.util.SplittableRandom random = new java.util.SplittableRandom(8785);
    for (int i = 0; i < 200_000; i++) {
      double value = Double.longBitsToDouble(random.nextLong());
      if (!Double.isFinite(value)) {
        continue;
      }
      String text = EcmaNumbers.toString(value);
      assertThat(Double.parseDouble(text)).isEqualTo(value == 0 ? 0.0 : value);
    }
    assertThat(EcmaNumbers.toString(9.5e-5)).isEqualTo("0.000095");
    assertThat(EcmaNumbers.toString(1e21)).isEqualTo("1e+21");
    assertThat(EcmaNumbers.toString(123e-20)).isEqualTo("1.23e-18");
  }

  @Test
  void canonical_numberBeyondDouble_isRefused() {
    JsonArray built = new JsonArray(List.of(new JsonNumber(new BigDecimal("1e400"))));
    assertThatThrownBy(built::canonical)
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("out of the range");
  }

  @Test
  void canonicalSha256_isHashOfUtf8CanonicalBytes() {
    // echo -n '{"a":1,"b":"€"}' | sha256sum
    assertThat(Json.parse("{\"b\":\"€\", \"a\":1.0}").canonicalSha256())
        .isEqualTo(Sha256.hex("{\"a\":1,\"b\":\"€\"}"))
        .matches("[0-9a-f]{64}");
  }

  @Test
  void compact_keepsOrderAndLargeIntegers() {
    assertThat(Json.parse("{ \"b\" : 12345678901234567 , \"a\" : [ 1.50 ] }").write())
        .isEqualTo("{\"b\":12345678901234567,\"a\":[1.5]}");
  }
}
