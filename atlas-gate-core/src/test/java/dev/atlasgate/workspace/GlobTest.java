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
