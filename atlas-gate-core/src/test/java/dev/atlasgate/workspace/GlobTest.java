package dev.atlasgate.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
    "**/*.md, a.md, true",
    "**/*.md, x/y/a.md, true",
    "**/*.md, x/y/a.txt, false",
    "src/**, src, true",
    "src/**, src/a/b/c.java, true",
    "src/**, srcx/a, false",
    "src/, src/a.txt, true",
    "src/*.java, src/A.java, true",
    "src/*.java, src/a/A.java, false",
    "src/?.txt, src/a.txt, true",
    "src/?.txt, src/ab.txt, false",
    "src/?.txt, src//.txt, false",
    "docs/api.md, docs/api.md, true",
    "docs/api.md, docs/API.md, false",
    "src/[ab].txt, src/[ab].txt, true",
    "src/[ab].txt, src/a.txt, false",
    "a/**/b/**/c, a/b/c, true",
    "a/**/b/**/c, a/x/b/y/z/c, true",
    "a/**/b/**/c, a/x/y/z/c, false",
    "*, a.txt, true",
    "*, a/b.txt, false"
  })
  void matches(String pattern, String path, boolean expected) {
    assertThat(Glob.compile(pattern).matches(path)).isEqualTo(expected);
  }

  @Test
  void pathologicalPattern_isAnsweredCorrectly() {
    String text = "a".repeat(5_000);
    assertThat(Glob.compile("*a*a*a*a*a*a*a*a*b").matches(text)).isFalse();
    assertThat(Glob.compile("*a*a*a*a*a*a*a*a*a").matches(text)).isTrue();
  }

  @Test
  void manyDoubleStarsOverADeepPath_areAnsweredCorrectly() {
    Glob glob = Glob.compile("**/d/**/d/**/d/**/d/**/zz");
    assertThat(glob.matches("d/".repeat(2_000) + "f")).isFalse();
    assertThat(glob.matches("d/".repeat(2_000) + "zz")).isTrue();
  }

  @ParameterizedTest(name = "{0} below {1}: {2}")
  @CsvSource({
    "src/**/*.java, '', true",
    "src/**/*.java, src, true",
    "src/**/*.java, src/a/b, true",
    "src/**/*.java, docs, false",
    "src/*.java, src, true",
    "src/*.java, src/a, false",
    "*.md, '', true",
    "*.md, docs, false",
    "**/*.md, a/b/c, true",
    "docs/, docs/x, true"
  })
  void mayMatchBelow_prunesOnlyDirectoriesThatCannotHoldAMatch(
      String pattern, String directory, boolean expected) {
    assertThat(Glob.compile(pattern).mayMatchBelow(directory)).isEqualTo(expected);
  }

  @Test
  void patternLongerThanTheLimit_isRefusedNamingTheLimit() {
    Glob.compile("a".repeat(Glob.MAX_LENGTH));
    assertThatThrownBy(() -> Glob.compile("a".repeat(Glob.MAX_LENGTH + 1)))
        .hasMessageContaining(String.valueOf(Glob.MAX_LENGTH));
  }

  @Test
  void malformedPatterns_areRefusedNamingThem() {
    assertThatThrownBy(() -> Glob.compile("")).hasMessageContaining("glob \"\"");
    assertThatThrownBy(() -> Glob.compile("/etc/*")).hasMessageContaining("/etc/*");
    assertThatThrownBy(() -> Glob.compile("a//b")).hasMessageContaining("a//b");
  }

  @Test
  void equality_isByPattern() {
    assertThat(Glob.compile("src/**")).isEqualTo(Glob.compile("src/**")).hasToString("src/**");
  }
}
