package dev.atlasgate.cli;

import dev.atlasgate.testing.ServeLog;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
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
    this.env =
        Map.of(
            "ATLAS_HOME",
            atlasHome.toString(),
            "ATLAS_INSTANCE_ID",
            "it-gateway",
            "ATLAS_WORKSPACES",
            atlasHome.getParent().toString());
  }

  /** A real MCP client (the Java SDK) connected to {@code atlas-gate stdio --role ROLE}. */
  McpSyncClient client(String role) {
    return stdioClient("stdio", "--role", role);
  }

  /** A real MCP client over stdio to {@code atlas-gate connect URL --token TOKEN}. */
  McpSyncClient bridged(URI endpoint, String token) {
    return stdioClient("connect", endpoint.toString(), "--token", token);
  }

  /** A real MCP client over Streamable HTTP, with a bearer token. */
  static McpSyncClient http(URI endpoint, String token) {
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(
                endpoint.getScheme() + "://" + endpoint.getAuthority())
            .endpoint(endpoint.getPath())
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
            .build();
    return initialized(McpClient.sync(transport));
  }

  private McpSyncClient stdioClient(String... args) {
    ServerParameters params =
        ServerParameters.builder(LAUNCHER.toString()).args(args).env(env).build();
    StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
    return initialized(McpClient.sync(transport));
  }

  private static McpSyncClient initialized(McpClient.SyncSpec spec) {
    McpSyncClient client =
        spec.requestTimeout(Duration.ofSeconds(30))
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

  /**
   * Starts {@code atlas-gate serve} on a free loopback port with {@code extra} variables, and waits
   * until it listens.
   */
  Server serve(Map<String, String> extra) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "serve");
    builder.environment().putAll(env);
    builder.environment().put("MCP_PORT", "0");
    builder.environment().putAll(extra);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    ServeLog log = ServeLog.follow(process);
    try {
      return new Server(process, log.awaitEndpoint(Duration.ofSeconds(120)), log.lines());
    } catch (IllegalStateException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** A running {@code atlas-gate serve}; closing it sends SIGTERM and waits for the exit. */
  record Server(Process process, URI endpoint, List<String> log) implements AutoCloseable {
    /**
     * Sends SIGTERM. (Unlike {@link Process#destroy()}, this keeps the pipes open: the server's
     * last log lines are still read.)
     */
    void sigterm() {
      process.toHandle().destroy();
    }

    /** Sends SIGTERM and answers the exit status. */
    int terminate() throws InterruptedException {
      sigterm();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("atlas-gate serve ignored SIGTERM: " + log);
      }
      return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        terminate();
      }
    }
  }

  record Result(int exit, String out, String err) {}
}
