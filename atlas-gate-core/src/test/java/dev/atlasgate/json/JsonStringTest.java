package dev.atlasgate.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonStringTest {
  private static final String PAIR = "\uD83D\uDE00"; // U+1F600, one character as two chars

  @Test
  void wholeCharacters_areWellFormed_whereverTheFirstSurrogateComes() {
    assertThat(JsonString.isWellFormed("")).isTrue();
    assertThat(JsonString.isWellFormed("plain ascii and é")).isTrue();
    assertThat(JsonString.isWellFormed(PAIR)).isTrue();
    assertThat(JsonString.isWellFormed("a long prefix before " + PAIR + " and after")).isTrue();
    assertThat(JsonString.isWellFormed(PAIR + PAIR)).isTrue();
  }

  @Test
  void anUnpairedSurrogate_isNot_atTheStartMiddleOrEnd() {
    assertThat(JsonString.isWellFormed("\uD83D")).isFalse();
    assertThat(JsonString.isWellFormed("\uDE00abc")).isFalse();
    assertThat(JsonString.isWellFormed("abc\uD83D")).isFalse();
    assertThat(JsonString.isWellFormed("abc\uDE00\uD83D")).isFalse();
    assertThat(JsonString.isWellFormed("abc" + PAIR + "\uD83Dx")).isFalse();
    assertThat(JsonString.wellFormed("ab\uD83Dc")).isEqualTo("ab\uFFFDc");
  }
}
