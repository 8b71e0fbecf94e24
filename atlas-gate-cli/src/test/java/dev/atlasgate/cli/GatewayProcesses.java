package dev.atlasgate.cli;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts {@code ./atlas-gate} as an IDE would: the launcher at the root of the repository. */
final class GatewayProcesses {
  static final Path REPO =
      Path.of(System.getProperty("atlas.repo", "..")).toAbsolutePath().normalize();
  static final Path LAUNCHER = REPO.resolve("atlas-gate");

  private final Map<String, String> env;

  GatewayProcesses(Path atlasHome) {
    this.env = Map.of("ATLAS_HOME", atlasHome.toString(), "ATLAS_INSTANCE_ID", "it-gateway");
  }

  /** A real MCP client (the Java SDK) connected to {@code atlas-gate stdio --role ROLE}. */
  McpSyncClient client(String role) {
    ServerParameters params =
        ServerParameters.builder(LAUNCHER.toString())
            .args("stdio", "--role", role)
            .env(env)
            .build();
    StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
    McpSyncClient client =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(30))
            .initializationTimeout(Duration.ofSeconds(60))
            .clientInfo(McpSchema.Implementation.builder("atlas-gate-it", "1.0").build())
            .build();
    client.initialize();
    return client;
  }

  /** Runs {@code atlas-gate ARGS} to completion; returns exit status and output. */
  Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectErrorStream(false);
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("atlas-gate " + String.join(" ", args) + " did not finish");
    }
    return new Result(
        process.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  /** Starts {@code atlas-gate ARGS} with pipes, for tests that speak raw protocol lines. */
  Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    return builder.start();
  }

  record Result(int exit, String out, String err) {}
}
