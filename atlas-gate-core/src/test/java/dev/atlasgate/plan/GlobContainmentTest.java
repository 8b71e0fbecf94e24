package dev.atlasgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobContainmentTest {
  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "src/**, src/main/*.java, true",
    "src/**, src/**, true",
    "src/**, src, true",
    "**/*.java, src/*.java, true",
    "**, anything/at/all/**, true",
    "src/*, src/a.txt, true",
    "src/*, src/*.txt, true",
    "src/*, src/**, false",
    "src/*, src/a/b.txt, false",
    "src/a?c, src/abc, true",
    "src/a?c, src/a?c, true",
    "src/a?c, src/a*c, false",
    "src/*.java, src/*.kt, false",
    "docs/, docs/api.md, true",
    "docs/, docs/**/*.md, true",
    "docs/api.md, docs/*.md, false",
    "lib/**, src/x, false",
    "src/**/test/*, src/a/b/test/x.java, true",
    "src/**/test/*, src/a/b/main/x.java, false"
  })
  void contains(String outer, String inner, boolean expected) {
    assertThat(GlobContainment.contains(outer, inner)).isEqualTo(expected);
  }
}
