package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What makes {@code ./atlas-gate stdio} start quickly changes nothing a client sees: stdout holds
 * only protocol, the log goes to stderr in its usual form, and on JDK 25 or newer the launcher
 * keeps an ahead-of-time cache beside the jar.
 */
class LauncherStartIT {
  @TempDir Path temp;

  @Test
  void stdio_logsToStderrOnly_andKeepsAnAotCacheOnNewJdks() throws Exception {
    GatewayProcesses.Result result = new GatewayProcesses(temp.resolve("home")).run("stdio");

    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .containsPattern(
            "(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[main\\] d\\.a\\.cli\\.StdioCommand -"
                + " atlas-gate stdio: role ALL")
        .doesNotContain("[warning]")
        .doesNotContain("[error");
    if (Runtime.version().feature() >= 25) {
      try (Stream<Path> files =
          Files.list(GatewayProcesses.REPO.resolve("atlas-gate-cli/target"))) {
        List<String> caches =
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".aot")).toList();
        assertThat(caches).anyMatch(n -> n.startsWith("atlas-gate-"));
      }
    }
  }
}
