package dev.atlasgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Streamable HTTP rules of /mcp, the compact form, and the operations endpoints. */
class StreamableHttpTest {
  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  @TempDir Path temp;
  private RunningGateway gw;
  private Path workspace;

  @BeforeEach
  void start() throws Exception {
    workspace = Files.createDirectories(temp.resolve("ws"));
    Files.writeString(workspace.resolve("README.md"), "# hi\n");
    gw = RunningGateway.start(temp.resolve("home"), Map.of("MAX_BODY_BYTES", "65536"));
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  private String initialize() throws Exception {
    HttpResponse<String> response = gw.send(gw.post("/mcp", INIT));
    assertThat(response.statusCode()).isEqualTo(200);
    return response.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  private HttpResponse<String> rpc(String session, String body) throws Exception {
    return gw.send(
        gw.post("/mcp", body)
            .header("Mcp-Session-Id", session)
            .header("MCP-Protocol-Version", "2025-11-25"));
  }

  @Test
  void initialize_givesASecureSessionId_andLaterRequestsNeedIt() throws Exception {
    String session = initialize();
    assertThat(session).matches("[0-9a-f]{64}");
    assertThat(rpc(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").body())
        .contains("begin_session");
    HttpResponse<String> noSession =
        gw.send(gw.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"));
    assertThat(noSession.statusCode()).isEqualTo(400);
    assertThat(
            rpc("f".repeat(64), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}").statusCode())
        .isEqualTo(404);
    HttpResponse<String> badVersion =
        gw.send(
            gw.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}")
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "1999-01-01"));
    assertThat(badVersion.statusCode()).isEqualTo(400);
  }

  @Test
  void notificationsAndResponses_get202WithoutBody() throws Exception {
    String session = initialize();
    HttpResponse<String> response =
        rpc(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void beginSession_overHttp_streamsListChangedThenTheResult() throws Exception {
    String session = initialize();
    HttpResponse<String> response =
        rpc(
            session,
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"begin_session\",\"arguments\":{\"workspace_root\":\""
                + workspace
                + "\",\"role\":\"WINDSURF\"}}}");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    assertThat(response.body())
        .contains("notifications/tools/list_changed")
        .contains("\"session_id\"");
    assertThat(response.body().indexOf("list_changed"))
        .isLessThan(response.body().indexOf("\"id\":3"));
    HttpResponse<String> read =
        rpc(
            session,
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"read_file\",\"arguments\":{\"path\":\"README.md\"}}}");
    assertThat(read.body()).contains("# hi");
    assertThat(rpc(session, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}").body())
        .doesNotContain("save_plan");
  }

  @Test
  void delete_endsTheSession() throws Exception {
    String session = initialize();
    HttpResponse<String> deleted =
        gw.send(
            HttpRequest.newBuilder(gw.base.resolve("/mcp"))
                .header("Mcp-Session-Id", session)
                .DELETE());
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(rpc(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}").statusCode())
        .isEqualTo(404);
  }

  @Test
  void badRequests_getClearErrors() throws Exception {
    assertThat(gw.send(gw.post("/mcp", "{not json")).statusCode()).isEqualTo(400);
    assertThat(gw.send(gw.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":")).body())
        .contains("-32700");
    assertThat(gw.send(gw.post("/mcp", "[".repeat(5000))).body()).contains("nesting deeper");
    assertThat(
            gw.send(gw.post("/mcp", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"))
                .statusCode())
        .isEqualTo(400);
    assertThat(gw.send(gw.post("/mcp", "{\"x\":\"" + "a".repeat(70_000) + "\"}")).statusCode())
        .isEqualTo(413);
    assertThat(gw.send(gw.post("/mcp", INIT).setHeader("Content-Type", "text/plain")).statusCode())
        .isEqualTo(415);
    assertThat(gw.send(gw.post("/mcp", INIT).setHeader("Accept", "text/html")).statusCode())
        .isEqualTo(406);
    assertThat(gw.send(gw.post("/mcp", INIT).header("Origin", "http://evil.example")).statusCode())
        .isEqualTo(403);
    assertThat(
            gw.send(gw.post("/mcp", INIT).header("Origin", "http://localhost:5173")).statusCode())
        .isEqualTo(200);
    assertThat(gw.get("/mcp").statusCode()).isEqualTo(405);
    assertThat(gw.get("/nowhere").statusCode()).isEqualTo(404);
  }

  @Test
  void aBodyFarOverTheLimit_stillGetsItsAnswer() throws Exception {
    // The client is still sending when the gateway has decided; the answer must reach it anyway.
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response =
          gw.send(gw.post("/mcp", "{\"x\":\"" + "a".repeat(3 * 1024 * 1024) + "\"}"));
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.body()).contains("MAX_BODY_BYTES");
    }
  }

  @Test
  void aBodyThatIsNotUtf8_isAParseError() throws Exception {
    byte[] body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"x\":\"?\"}"
            .getBytes(StandardCharsets.UTF_8);
    body[body.length - 3] = (byte) 0xc3;

    HttpResponse<String> response =
        gw.send(
            gw.post("/mcp", "").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("-32700").contains("invalid UTF-8");
  }

  @Test
  void compactForm_seedSequence() throws Exception {
    JsonObject begun =
        gw.compact(
            "{\"tool\":\"begin_session\",\"workspace_root\":\""
                + workspace
                + "\",\"role\":\"ANTIGRAVITY\"}");
    assertThat(begun.get("success")).contains(Json.of(true));
    assertThat(begun.string("request_id")).isPresent();
    assertThat(begun.has("duration_ms")).isTrue();
    String session = begun.object("result").orElseThrow().string("session_id").orElseThrow();
    JsonObject read =
        gw.compact(
            "{\"tool\":\"read_file\",\"session_id\":\"" + session + "\",\"path\":\"README.md\"}",
            "X-Request-Id",
            "req-42");
    assertThat(read.object("result").orElseThrow().string("content")).contains("# hi\n");
    assertThat(read.string("request_id")).contains("req-42");
    JsonObject refused = gw.compact("{\"tool\":\"read_file\",\"path\":\"README.md\"}");
    assertThat(refused.get("success")).contains(Json.of(false));
    assertThat(refused.object("error").orElseThrow().string("code")).contains("SESSION_REQUIRED");
    assertThat(gw.send(gw.post("/mcp", "{\"tool\":\"no_such_tool\"}")).statusCode()).isEqualTo(400);

    String metrics = gw.get("/metrics").body();
    assertThat(metrics)
        .contains("mcp_requests_total{result=\"ok\",tool=\"read_file\"} 1.0")
        .contains("mcp_requests_total{result=\"SESSION_REQUIRED\",tool=\"read_file\"} 1.0")
        .contains("mcp_request_duration_seconds_bucket")
        .contains("mcp_audit_appends_total 4.0")
        .contains("mcp_audit_head_seq 4.0")
        .contains("mcp_sessions_active 1.0")
        .contains("mcp_uptime_seconds")
        .contains("mcp_memory_heapused_bytes")
        .contains("jvm_memory_used_bytes");

    HttpResponse<String> export = gw.get("/audit/export?tool=read_file&format=jsonl");
    assertThat(export.body().lines())
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).contains("\"tool\":\"read_file\""));
    assertThat(gw.get("/audit/export?format=csv").body()).startsWith("seq,ts,");
    assertThat(gw.get("/audit/export?format=xml").statusCode()).isEqualTo(400);
    assertThat(gw.get("/audit/export?from_seq=0").statusCode()).isEqualTo(400);

    HttpResponse<String> health = gw.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .contains(
            "\"status\":\"healthy\"",
            "\"instance\":\"test-gw\"",
            "\"audit\":{\"type\":\"file\",\"status\":\"up\"}");
    assertThat(gw.get("/health/live").statusCode()).isEqualTo(200);
    assertThat(gw.get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void conformanceFixtures_areOffUnlessAskedFor() throws Exception {
    String session = initialize();
    assertThat(rpc(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").body())
        .doesNotContain("test_simple_text");
    assertThat(rpc(session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/list\"}").body())
        .contains("-32601");
  }

  @Test
  void aRequestThatStreams_sendsEachEventAsItComes_andCanAskTheClient() throws Exception {
    gw.close();
    gw = RunningGateway.start(temp.resolve("home2"), Map.of("ATLAS_CONFORMANCE_FIXTURES", "true"));
    String session = initialize();
    HttpResponse<String> progress =
        rpc(
            session,
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"test_tool_with_progress\",\"arguments\":{},\"_meta\":{\"progressToken\":\"p1\"}}}");
    assertThat(progress.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    assertThat(progress.body().split("\"method\":\"notifications/progress\"")).hasSize(4);
    assertThat(progress.body().lastIndexOf("\"id\":7"))
        .isGreaterThan(progress.body().lastIndexOf("\"progress\":100"));

    HttpResponse<java.util.stream.Stream<String>> sampling =
        gw.http.send(
            gw.post(
                    "/mcp",
                    "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"test_sampling\",\"arguments\":{\"prompt\":\"hi\"}}}")
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-11-25")
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    java.util.Iterator<String> events =
        sampling.body().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).iterator();
    JsonObject request = (JsonObject) Json.parse(events.next());
    assertThat(request.string("method")).contains("sampling/createMessage");
    HttpResponse<String> delivered =
        rpc(
            session,
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + request.get("id").orElseThrow().write()
                + ",\"result\":{\"role\":\"assistant\",\"content\":{\"type\":\"text\","
                + "\"text\":\"hello from the model\"},\"model\":\"m\"}}");
    assertThat(delivered.statusCode()).isEqualTo(202);
    JsonObject result = (JsonObject) Json.parse(events.next());
    assertThat(result.get("id")).contains(Json.of(8));
    assertThat(result.write()).contains("LLM response: hello from the model");
  }

  @Test
  void adminEndpoints_areClosedWhileAuthIsOff() throws Exception {
    HttpResponse<String> response =
        gw.send(gw.post("/admin/plans/" + "a".repeat(64) + "/approve", "{}"));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("REQUIRE_AUTH");
    assertThat(gw.get("/.well-known/oauth-protected-resource").statusCode()).isEqualTo(404);
  }
}
