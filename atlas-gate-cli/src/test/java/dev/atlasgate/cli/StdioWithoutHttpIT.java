package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atlas-gate stdio} is built by the bootstrap alone: over a whole session (start-up, the
 * first answer, a session and a read) the JVM loads no class of the HTTP server, of Jetty or of the
 * metrics, none of a backend that is not configured, and not the command-line parser. The JVM's own
 * class-load log says so.
 */
class StdioWithoutHttpIT {
  @TempDir Path temp;

  @Test
  void aStdioSession_loadsNoJettyClass_norAnyOtherPartOfTheHttpServer() throws Exception {
    Path home = Files.createDirectories(temp.resolve("home"));
    Path workspace = Files.createDirectories(temp.resolve("ws"));
    Files.writeString(workspace.resolve("a.txt"), "hello\n");
    Path classLog = temp.resolve("class-load.log");
    String session =
        String.join(
            "\n",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"begin_session\",\"arguments\":{\"workspace_root\":"
                + Json.of(workspace.toString()).write()
                + ",\"role\":\"WINDSURF\"}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"read_file\",\"arguments\":{\"path\":\"a.txt\"}}}",
            "");

    ProcessBuilder builder =
        new ProcessBuilder(GatewayProcesses.LAUNCHER.toString(), "stdio", "--role", "WINDSURF");
    builder.environment().put("ATLAS_HOME", home.toString());
    builder.environment().put("ATLAS_WORKSPACES", workspace.toString());
    builder
        .environment()
        .put("ATLAS_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog.toAbsolutePath());
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    try (var in = process.getOutputStream()) {
      in.write(session.getBytes(StandardCharsets.UTF_8));
    }
    List<String> answers =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .toList();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("exits at end of input").isTrue();
    assertThat(process.exitValue()).isZero();

    assertThat(answers).isNotEmpty();
    JsonObject first = (JsonObject) Json.parse(answers.getFirst());
    assertThat(first.get("id")).contains(Json.of(1));
    assertThat(first.object("result")).isPresent();
    assertThat(answers.getLast()).contains("\"id\":4").contains("hello");

    List<String> loaded =
        Files.readAllLines(classLog).stream()
            .filter(l -> l.contains("[class,load]"))
            .map(l -> l.substring(l.indexOf("[class,load]") + "[class,load]".length()).trim())
            .map(l -> l.split(" ", 2)[0])
            .toList();
    // The log is real: it names the composition root and the file store this session used.
    assertThat(loaded)
        .contains(
            "dev.atlasgate.bootstrap.Wiring",
            "dev.atlasgate.mcp.StdioServer",
            "dev.atlasgate.store.file.FileAuditLog");
    assertThat(loaded)
        .noneMatch(c -> c.startsWith("org.eclipse.jetty."))
        .noneMatch(c -> c.startsWith("io.micrometer."))
        .noneMatch(c -> c.startsWith("dev.atlasgate.server."))
        .noneMatch(c -> c.startsWith("org.postgresql."))
        .noneMatch(c -> c.startsWith("io.lettuce."))
        .noneMatch(c -> c.startsWith("software.amazon."))
        // Nor the command-line parser: `stdio --role ROLE` has nothing else to parse.
        .doesNotContain("picocli.CommandLine");
  }
}
