package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atlas-gate stdio} answers the handshake while its stores open beside it; a start whose
 * audit log cannot be opened still fails the command at once, with one line that says why, even
 * while the client keeps its end open, and no tool call is answered as done.
 */
class StdioStartFailureIT {
  @TempDir Path temp;

  @Test
  void anAuditLogThatCannotOpen_endsTheProcess_withOneLine_whileTheClientWaits() throws Exception {
    Path home = Files.createDirectories(temp.resolve("home"));
    Path workspace = Files.createDirectories(temp.resolve("ws"));
    // The audit file's place is taken by a directory: the log cannot be opened.
    Files.createDirectories(home.resolve("audit.jsonl"));

    ProcessBuilder builder = new ProcessBuilder(GatewayProcesses.LAUNCHER.toString(), "stdio");
    builder.environment().put("ATLAS_HOME", home.toString());
    builder.environment().put("ATLAS_WORKSPACES", workspace.toString());
    builder.redirectError(temp.resolve("stderr.txt").toFile());
    builder.redirectOutput(temp.resolve("stdout.txt").toFile());
    Process process = builder.start();
    OutputStream in = process.getOutputStream();
    in.write(
        ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"read_prompt\",\"arguments\":{}}}\n")
            .getBytes(StandardCharsets.UTF_8));
    in.flush();
    // Standard input stays open: the process must end by itself.
    try {
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("ends by itself").isTrue();
    } finally {
      process.destroyForcibly();
      in.close();
    }

    assertThat(process.exitValue()).isNotZero();
    String stderr = Files.readString(temp.resolve("stderr.txt"));
    assertThat(stderr.lines().filter(l -> l.startsWith("atlas-gate: ")))
        .singleElement()
        .asString()
        .contains("audit.jsonl");
    assertThat(Files.readString(temp.resolve("stdout.txt")))
        .as("no tool call answered as done")
        .doesNotContain("\"isError\":false")
        .doesNotContain("structuredContent");
  }
}
