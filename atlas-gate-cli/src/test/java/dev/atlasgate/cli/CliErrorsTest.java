package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user reads when a command cannot do its work: one line that says what to do. */
class CliErrorsTest {
  @TempDir Path temp;

  /** One line on stderr, the exit status given, and no Java type in sight. */
  private static void assertOneLine(CliRun run, int exit, String... phrases) {
    assertThat(run.exit()).as(run.err()).isEqualTo(exit);
    assertThat(run.err().lines()).as(run.err()).hasSize(1);
    assertThat(run.err()).startsWith("atlas-gate").contains(phrases);
    assertThat(run.err()).doesNotContainPattern("Exception|java\\.|null\\b");
  }

  @Test
  void serve_onABusyPort_saysSoAndHowToChooseAnother() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun run =
          CliRun.of(
              "serve",
              "--port",
              Integer.toString(busy.getLocalPort()),
              "--atlas-home",
              temp.toString());
      assertOneLine(
          run, 2, "cannot listen on 127.0.0.1:" + busy.getLocalPort(), "in use", "MCP_PORT");
    }
  }

  @Test
  void healthcheck_withNothingListening_namesTheUrlAndTheCause() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    CliRun run = CliRun.of("healthcheck", "--port", Integer.toString(port));
    assertOneLine(
        run,
        1,
        "nothing answers at http://127.0.0.1:" + port + "/health",
        "connection refused",
        "atlas-gate serve");
  }

  @Test
  void atlasHome_thatIsAFile_stopsWithTheVariableNamed() throws Exception {
    Path file = Files.writeString(temp.resolve("file"), "x");
    assertOneLine(
        CliRun.of("audit", "verify", "--atlas-home", file.toString()),
        2,
        "ATLAS_HOME=\"" + file + "\" is not valid",
        "a directory");
    assertOneLine(
        CliRun.of("stdio", "--atlas-home", file.resolve("below").toString()),
        2,
        "ATLAS_HOME=\"" + file.resolve("below") + "\" is not valid");
  }

  @Test
  void auditFile_missingValueOrFile_isOneLine() {
    assertOneLine(
        CliRun.of("audit", "verify", "--file"),
        2,
        "Missing required parameter for option '--file'",
        "atlas-gate audit verify --help");
    assertOneLine(
        CliRun.of("audit", "verify", "--file", temp.resolve("nope.jsonl").toString()),
        2,
        "--file " + temp.resolve("nope.jsonl") + " does not exist");
    assertOneLine(CliRun.of("audit", "tail", "--file", temp.toString()), 2, "is not a file");
  }

  @Test
  void badSettings_stopStartUp_namingTheVariableAndWhatItAccepts() {
    assertOneLine(
        CliRun.of("audit", "verify", "--atlas-home", temp.toString(), "--log-level", "LOUD"),
        2,
        "ATLAS_LOG_LEVEL=\"LOUD\" is not valid; it accepts TRACE, DEBUG, INFO, WARN or ERROR");
    assertOneLine(
        CliRun.of(
            "stdio",
            "--atlas-home",
            temp.toString(),
            "--require-auth",
            "yes",
            "--valid-tokens",
            "t"),
        2,
        "REQUIRE_AUTH=\"yes\" is not valid; it accepts true or false");
  }

  @Test
  void badOptionValues_areOneLine() {
    assertOneLine(
        CliRun.of("audit", "verify", "--atlas-home", temp.toString(), "--head", "12"),
        2,
        "--head must be SEQ:HASH");
    assertOneLine(
        CliRun.of("plan", "list", "--workspace", temp.toString(), "--status", "DONE"),
        2,
        "--status must be DRAFT, APPROVED or REVOKED");
    assertOneLine(CliRun.of("audit", "nonsense"), 2, "see 'atlas-gate audit --help'");
    assertOneLine(
        CliRun.of("healthcheck", "--url", "notaurl"),
        2,
        "--url \"notaurl\" is not an http:// or https:// URL");
  }
}
