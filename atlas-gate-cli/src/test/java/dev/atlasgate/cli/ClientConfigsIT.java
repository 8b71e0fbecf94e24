package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every client configuration in docs/clients.md, as a user would paste it: each JSON snippet must
 * parse, and its command must start a gateway that answers {@code initialize} over stdio, or its
 * URL must answer it with its headers; each {@code claude mcp add} line likewise.
 */
class ClientConfigsIT {
  private static final Path DOC = GatewayProcesses.REPO.resolve("docs/clients.md");
  private static final Pattern FENCE =
      Pattern.compile("^## ([^\\n]+)$|```(json|sh)\\n(.*?)```", Pattern.DOTALL | Pattern.MULTILINE);
  private static final String TOKEN = "clients-doc-token";
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"docs\",\"version\":\"1\"}}}";

  @TempDir static Path temp;
  private static GatewayProcesses.Server remote;
  private static Map<String, String> placeholders;

  @BeforeAll
  static void startRemoteGateway() throws Exception {
    Path projects = Files.createDirectories(temp.resolve("projects")).toRealPath();
    remote =
        new GatewayProcesses(temp.resolve("remote-home"))
            .serve(Map.of("REQUIRE_AUTH", "true", "VALID_TOKENS", TOKEN));
    placeholders = new LinkedHashMap<>();
    placeholders.put("/path/to/atlas-gate", GatewayProcesses.LAUNCHER.toString());
    placeholders.put("/home/you/.atlas-gate", temp.resolve("local-home").toString());
    placeholders.put("/home/you/projects", projects.toString());
    placeholders.put("https://gateway.example/mcp", remote.endpoint().toString());
    placeholders.put("${input:atlas-token}", TOKEN);
    placeholders.put("${env:ATLAS_TOKEN}", TOKEN);
    placeholders.put("${ATLAS_TOKEN}", TOKEN);
    placeholders.put("$ATLAS_TOKEN", TOKEN);
    placeholders.put("YOUR_TOKEN", TOKEN);
  }

  @AfterAll
  static void stopRemoteGateway() throws Exception {
    remote.close();
  }

  /** The fenced blocks of the page, in order: the client (its section), language and text. */
  private static List<String[]> blocks() throws IOException {
    List<String[]> blocks = new ArrayList<>();
    Matcher m = FENCE.matcher(Files.readString(DOC));
    String client = "";
    while (m.find()) {
      if (m.group(1) != null) {
        client = m.group(1).strip();
      } else {
        blocks.add(new String[] {client, m.group(2), m.group(3)});
      }
    }
    return blocks;
  }

  @Test
  void thePage_coversEveryClient_locallyAndRemotely() throws IOException {
    String page = Files.readString(DOC);
    assertThat(page)
        .contains(
            "## Claude Code",
            "## Claude Desktop",
            "## Cursor",
            "## Windsurf",
            "## VS Code",
            "## MCP Inspector");
    List<String[]> json = blocks().stream().filter(b -> b[1].equals("json")).toList();
    assertThat(json).hasSizeGreaterThanOrEqualTo(12);
    assertThat(json.stream().filter(b -> b[2].contains("\"ATLAS_WORKSPACES\"")).count())
        .isGreaterThanOrEqualTo(6);
  }

  @TestFactory
  Stream<DynamicTest> everySnippet_parsesAndConnects() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    int n = 0;
    for (String[] block : blocks()) {
      n++;
      String name = block[0] + ", snippet " + n + " (" + block[1] + ")";
      if (block[1].equals("json")) {
        tests.add(DynamicTest.dynamicTest(name, () -> checkJson(block[0], block[2])));
      } else if (block[2].startsWith("claude mcp add")) {
        tests.add(DynamicTest.dynamicTest(name, () -> checkClaudeMcpAdd(block[2].strip())));
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(14);
    return tests.stream();
  }

  /**
   * A snippet in the form its client reads: VS Code's {@code servers} with a {@code type} on each,
   * everyone else's {@code mcpServers}; Windsurf's {@code serverUrl}; Claude Code's {@code type:
   * http}; and no URL where the client starts local commands only.
   */
  private static void checkJson(String client, String snippet) throws Exception {
    JsonObject config = (JsonObject) Json.parse(snippet);
    boolean vsCode = client.equals("VS Code");
    JsonObject servers = config.object(vsCode ? "servers" : "mcpServers").orElseThrow();
    JsonObject server = servers.object("atlas-gate").orElseThrow();
    if (vsCode) {
      assertThat(server.string("type")).as("VS Code needs a type").isPresent();
    }
    if (server.has("command")) {
      server.string("type").ifPresent(t -> assertThat(t).isEqualTo("stdio"));
      List<String> command = new ArrayList<>();
      command.add(server.string("command").orElseThrow());
      server
          .get("args")
          .ifPresent(a -> ((JsonArray) a).elements().forEach(e -> command.add(text(e))));
      Map<String, String> env = new LinkedHashMap<>();
      server.object("env").ifPresent(e -> e.forEach((k, v) -> env.put(k, text(v))));
      assertStdioInitializes(command, env);
    } else {
      assertThat(client).isIn("Claude Code", "Cursor", "Windsurf", "VS Code");
      String url = server.string(client.equals("Windsurf") ? "serverUrl" : "url").orElseThrow();
      if (client.equals("Claude Code") || vsCode) {
        assertThat(server.string("type")).contains("http");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      server.object("headers").ifPresent(h -> h.forEach((k, v) -> headers.put(k, text(v))));
      assertHttpInitializes(url, headers);
    }
  }

  private static String text(Json value) {
    return ((JsonString) value).value();
  }

  /** {@code claude mcp add [--transport T] [--env K=V]… [--header H] NAME (URL | -- CMD ARGS…)}. */
  private static void checkClaudeMcpAdd(String line) throws Exception {
    List<String> words = words(line);
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, String> headers = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>();
    int dashes = words.indexOf("--");
    List<String> options = dashes < 0 ? words.subList(3, words.size()) : words.subList(3, dashes);
    for (int i = 0; i < options.size(); i++) {
      switch (options.get(i)) {
        case "--transport", "--scope" -> i++;
        case "--env" -> {
          String[] kv = options.get(++i).split("=", 2);
          env.put(kv[0], kv[1]);
        }
        case "--header" -> {
          String[] kv = options.get(++i).split(":\\s*", 2);
          headers.put(kv[0], kv[1]);
        }
        default -> rest.add(options.get(i));
      }
    }
    if (dashes >= 0) {
      assertThat(rest).containsExactly("atlas-gate");
      assertStdioInitializes(words.subList(dashes + 1, words.size()), env);
    } else {
      assertThat(rest).hasSize(2).first().isEqualTo("atlas-gate");
      assertHttpInitializes(rest.get(1), headers);
    }
  }

  private static String resolve(String value) {
    String resolved = value;
    for (Map.Entry<String, String> p : placeholders.entrySet()) {
      resolved = resolved.replace(p.getKey(), p.getValue());
    }
    return resolved;
  }

  private static void assertStdioInitializes(List<String> command, Map<String, String> env)
      throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command.stream().map(ClientConfigsIT::resolve).toList());
    env.forEach((k, v) -> builder.environment().put(k, resolve(v)));
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    try {
      OutputStream in = process.getOutputStream();
      in.write((INITIALIZE + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(120, TimeUnit.SECONDS);
      assertInitialized(line, command);
      in.close();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
  }

  private static String readLine(BufferedReader reader) {
    try {
      return String.valueOf(reader.readLine());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void assertHttpInitializes(String url, Map<String, String> headers)
      throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(resolve(url)))
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json")
              .header("Accept", "application/json, text/event-stream")
              .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
      HttpResponse<String> without =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(without.statusCode()).as("without the snippet's headers").isEqualTo(401);
      headers.forEach((k, v) -> request.header(k, resolve(v)));
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      String body =
          response
              .body()
              .lines()
              .filter(l -> l.startsWith("data:"))
              .findFirst()
              .map(l -> l.substring(5).strip())
              .orElse(response.body());
      assertInitialized(body, List.of(url));
    }
  }

  private static void assertInitialized(String answer, List<String> what) {
    JsonObject message = (JsonObject) Json.parse(answer);
    assertThat(
            message
                .object("result")
                .flatMap(r -> r.object("serverInfo"))
                .flatMap(i -> i.string("name")))
        .as("%s answered %s", what, answer)
        .contains("atlas-gate");
  }

  /** The words of a shell line: split on blanks, double quotes kept together and removed. */
  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
    while (m.find()) {
      words.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return words;
  }
}
