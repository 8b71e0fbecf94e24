package dev.atlasgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar atlas-gate-bench.jar}, as users run it: everything it needs is inside. */
class ShadedJarIT {
  private static final Path JAR =
      Path.of(System.getProperty("atlas.bench.jar", "target/atlas-gate-bench.jar"));

  @TempDir Path temp;

  private static Process start(List<String> args, String token) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("ATLAS_BENCH_TOKEN", token);
    return builder.start();
  }

  private static String finish(Process process) throws Exception {
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return output;
  }

  @Test
  void help_listsTheOptions() throws Exception {
    Process process = start(List.of("--help"), "unused");
    String output = finish(process);
    assertThat(process.exitValue()).isZero();
    assertThat(output).contains("--preset").contains("--rate").contains("--json");
  }

  @Test
  void aRun_againstARealGateway_exitsZero() throws Exception {
    try (TestGateway gateway = TestGateway.start(temp)) {
      Process process =
          start(
              List.of(
                  "--url", gateway.endpoint().toString(),
                  "--workspace", gateway.workspace.toString(),
                  "--clients", "2",
                  "--duration", "10m",
                  "--max-calls", "3",
                  "--mix", "list=1",
                  "--progress", "0"),
              TestGateway.EXECUTOR);
      String output = finish(process);
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("list_files").contains("10 calls, 0 errors");
    }
  }
}
