package dev.atlasgate.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonParserTest {

  @Test
  void parse_allValueKinds() {
    Json value =
        Json.parse(" {\"s\":\"a\\nb\",\"n\":-1.5e2,\"t\":true,\"f\":false,\"z\":null,\"a\":[]} ");
    JsonObject object = (JsonObject) value;
    assertThat(object.string("s")).contains("a\nb");
    assertThat(object.get("n")).contains(new JsonNumber(new BigDecimal("-150")));
    assertThat(object.get("t")).contains(JsonBool.TRUE);
    assertThat(object.get("f")).contains(JsonBool.FALSE);
    assertThat(object.get("z")).contains(JsonNull.INSTANCE);
    assertThat(object.get("a")).contains(JsonArray.EMPTY);
    assertThat(object.members().keySet()).containsExactly("s", "n", "t", "f", "z", "a");
  }

  @Test
  void parse_surrogatePairEscape_isOneCodePoint() {
    assertThat(Json.parse("\"\\ud83d\\ude00\"")).isEqualTo(new JsonString("\uD83D\uDE00"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{",
        "{\"a\"}",
        "{\"a\":1,}",
        "[1,]",
        "[1 2]",
        "{a:1}",
        "'x'",
        "01",
        "1.",
        "-",
        "1e",
        "tru",
        "nul",
        "\"abc",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "\"a\tb\"",
        "{} {}",
        "NaN",
        "Infinity"
      })
  void parse_malformed_isRefusedWithOffset(String text) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(JsonException.class)
        .hasMessageStartingWith("invalid JSON at offset ");
  }

  @Test
  void parse_duplicateMember_isRefusedNamingIt() {
    assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}"))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("duplicate member name \"a\"");
  }

  @Test
  void parse_deepNesting_isRefusedBeforeTheStackRunsOut() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThatThrownBy(() -> Json.parse(deep))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("nesting deeper than 64 levels");
    assertThat(JsonParser.parse("[".repeat(64) + "]".repeat(64), 64)).isInstanceOf(JsonArray.class);
  }

  @Test
  void parse_hugeNumberLiteral_isRefused() {
    assertThatThrownBy(() -> Json.parse("1" + "0".repeat(1000)))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("number longer than");
  }

  @Test
  void numbers_equalByValueNotScale() {
    assertThat(Json.parse("1.0")).isEqualTo(Json.parse("1")).hasSameHashCodeAs(Json.parse("1"));
    assertThat(((JsonNumber) Json.parse("2.50")).isIntegral()).isFalse();
    assertThat(((JsonNumber) Json.parse("2.0")).isIntegral()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e400", "-1e400", "[1E+309]", "{\"n\": 17976931348623159e292}"})
  void numberBeyondTheDoubleRange_isRefused(String text) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("beyond the range of an IEEE 754 double");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e308", "-1.7976931348623157e308", "1e-400", "123456789012345678901234"})
  void numberWithinTheDoubleRange_isKept(String text) {
    assertThat(Json.parse(text)).isEqualTo(new JsonNumber(new BigDecimal(text)));
  }
}
