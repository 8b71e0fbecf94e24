package dev.atlasgate.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.InMemoryAuditLog;
import dev.atlasgate.gateway.CallContext;
import dev.atlasgate.gateway.Gateway;
import dev.atlasgate.gateway.GatewaySettings;
import dev.atlasgate.gateway.Principal;
import dev.atlasgate.gateway.SessionBinding;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.InMemoryPlanStore;
import dev.atlasgate.session.InMemorySessionStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP protocol over stdio, end to end in one process, on the in-memory stores. */
class StdioServerTest {
  @TempDir Path workspace;

  private List<JsonObject> serve(String... lines) throws Exception {
    return serve((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private List<JsonObject> serve(byte[] in) throws Exception {
    Clock clock = Clock.systemUTC();
    Gateway gateway =
        new Gateway(
            GatewaySettings.defaults("test", Optional.empty()),
            new InMemorySessionStore(clock),
            new InMemoryPlanStore(),
            new InMemoryAuditLog(),
            clock);
    CallContext context = new CallContext(Principal.trusted("tester"), SessionBinding.inMemory());
    ServerInfo info = new ServerInfo("atlas-gate", "ATLAS-GATE", "test");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new StdioServer(
            new ByteArrayInputStream(in),
            out,
            1 << 20,
            Duration.ofSeconds(10),
            outbound -> new McpConnection(gateway, info, context, outbound))
        .run();
    return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n"))
        .map(line -> (JsonObject) Json.parse(line))
        .toList();
  }

  @Test
  void aLineThatIsNotUtf8_isAParseError_neverDecodedWithReplacements() throws Exception {
    byte[] prefix =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"x\":\""
            .getBytes(StandardCharsets.UTF_8);
    byte[] line = java.util.Arrays.copyOf(prefix, prefix.length + 4);
    line[prefix.length] = (byte) 0xff;
    line[prefix.length + 1] = '"';
    line[prefix.length + 2] = '}';
    line[prefix.length + 3] = '\n';

    List<JsonObject> responses = serve(line);

    assertThat(responses).hasSize(1);
    assertThat(responses.getFirst().object("error").orElseThrow().get("code"))
        .contains(Json.of(-32700));
    assertThat(responses.getFirst().write()).contains("invalid UTF-8");
  }

  private static String initialize(String version) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
        + version
        + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
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

  private static JsonObject result(JsonObject response) {
    return response.object("result").orElseThrow(() -> new AssertionError(response.write()));
  }

  private static List<String> toolNames(JsonObject response) {
    return ((JsonArray) result(response).get("tools").orElseThrow())
        .elements().stream().map(t -> ((JsonObject) t).string("name").orElseThrow()).toList();
  }

  @Test
  void initialize_negotiatesTheVersion() throws Exception {
    assertThat(result(serve(initialize("2025-03-26")).getFirst()).string("protocolVersion"))
        .contains("2025-03-26");
    assertThat(result(serve(initialize("1999-01-01")).getFirst()).string("protocolVersion"))
        .contains("2025-11-25");
  }

  @Test
  void beginSession_narrowsTheToolList_andSaysSo() throws Exception {
    List<JsonObject> out =
        serve(
            initialize("2025-11-25"),
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
            call(
                3,
                "begin_session",
                "{\"workspace_root\":\"" + workspace + "\",\"role\":\"WINDSURF\"}"),
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}");
    assertThat(out)
        .extracting(
            m -> m.get("id").map(Json::write).orElseGet(() -> m.string("method").orElseThrow()))
        .containsExactly("1", "2", "notifications/tools/list_changed", "3", "4");
    assertThat(toolNames(out.get(1)))
        .hasSize(12)
        .contains("save_plan", "write_file", "end_session");
    assertThat(toolNames(out.get(4)))
        .contains("write_file")
        .doesNotContain("save_plan", "lint_plan");
    JsonObject tool =
        (JsonObject) ((JsonArray) result(out.get(4)).get("tools").orElseThrow()).get(0);
    assertThat(tool.object("inputSchema").orElseThrow().get("additionalProperties"))
        .contains(Json.of(false));
    assertThat(tool.has("outputSchema")).isTrue();
  }

  @Test
  void refusal_isAToolResultWithCodeAndText_andNoStructuredContent() throws Exception {
    List<JsonObject> out =
        serve(initialize("2025-11-25"), call(2, "read_file", "{\"path\":\"a\"}"));
    JsonObject result = result(out.get(1));
    assertThat(result.get("isError")).contains(Json.of(true));
    // Clients check structuredContent against the success schema, errors included.
    assertThat(result.has("structuredContent")).as(result.write()).isFalse();
    String text =
        ((JsonObject) ((JsonArray) result.get("content").orElseThrow()).get(0))
            .string("text")
            .orElseThrow();
    assertThat(text).startsWith("[SESSION_REQUIRED] ");
    JsonObject details = (JsonObject) Json.parse(text.substring(text.lastIndexOf('\n') + 1));
    assertThat(details.object("error").orElseThrow().string("code")).contains("SESSION_REQUIRED");
  }

  @Test
  void prompts_listAndGet() throws Exception {
    List<JsonObject> out =
        serve(
            initialize("2025-11-25"),
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"prompts/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":\"windsurf_rules\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prompts/get\",\"params\":{\"name\":\"nope\"}}");
    assertThat(result(out.get(1)).write()).contains("antigravity_rules", "windsurf_rules");
    assertThat(result(out.get(2)).write()).contains("WINDSURF executor", "write_file");
    assertThat(out.get(3).object("error").orElseThrow().get("code"))
        .contains(JsonNumber.of(JsonRpc.INVALID_PARAMS));
  }

  @Test
  void responsesComeInRequestOrder_evenWhenSentWithoutWaiting() throws Exception {
    String[] lines = new String[41];
    lines[0] = initialize("2025-11-25");
    for (int i = 1; i <= 40; i++) {
      lines[i] =
          i % 2 == 0
              ? "{\"jsonrpc\":\"2.0\",\"id\":" + (i + 1) + ",\"method\":\"tools/list\"}"
              : call(i + 1, "verify_audit_log", "{}");
    }
    List<JsonObject> out = serve(lines);
    assertThat(out).hasSize(41);
    for (int i = 0; i < 41; i++) {
      assertThat(out.get(i).get("id")).contains(JsonNumber.of(i + 1));
    }
  }
}
