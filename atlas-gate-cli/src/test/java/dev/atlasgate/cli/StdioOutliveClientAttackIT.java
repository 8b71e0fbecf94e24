package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stdio gateway does not outlive its client: once its input closes it exits within the grace
 * period, even while a call is still busy (here hashing a quarter of a terabyte of sparse files,
 * which takes minutes of CPU).
 */
class StdioOutliveClientAttackIT {
  private static final int SLOW_FILES = 4;
  private static final long SLOW_FILE_BYTES = 64L << 30;

  @TempDir Path temp;
  private Process process;

  @AfterEach
  void stop() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  @Test
  void inputClosed_duringASlowCall_processExits() throws Exception {
    Path workspace = Files.createDirectories(temp.resolve("workspace")).toRealPath();
    for (int i = 0; i < SLOW_FILES; i++) {
      try (RandomAccessFile sparse =
          new RandomAccessFile(workspace.resolve("big-" + i + ".bin").toFile(), "rw")) {
        sparse.setLength(SLOW_FILE_BYTES);
      }
    }
    process =
        new GatewayProcesses(temp.resolve("home"))
            .start("stdio", "--role", "ANTIGRAVITY", "--workspaces", workspace.toString());
    OutputStream in = process.getOutputStream();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    send(
        in,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    assertThat(out.readLine()).contains("\"id\":1");
    send(in, call(2, "begin_session", "{\"workspace_root\":\"" + workspace + "\"}"));
    JsonObject begun = (JsonObject) Json.parse(out.readLine());
    assertThat(begun.write()).contains("session_id").doesNotContain("\"isError\":true");

    send(in, call(3, "list_files", "{\"with_sha256\":true}"));
    in.close();

    assertThat(process.waitFor(30, TimeUnit.SECONDS))
        .as("the gateway exits once its client has gone, busy call or not")
        .isTrue();
  }

  private static String call(int id, String tool, String args) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":"
        + args
        + "}}";
  }

  private static void send(OutputStream in, String line) throws Exception {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }
}
