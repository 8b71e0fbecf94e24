package dev.atlasgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonNull;
import dev.atlasgate.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code /mcp} puts on the wire beyond a success (SPEC §2, §3): HTTP-layer faults as JSON-RPC
 * error objects, refusals as {@code isError} results without {@code structuredContent}, and
 * governance sessions that outlive the transport session that began them.
 */
class McpWireFormatTest {
  private static final String PLANNER = "wire-planner-token-0123456789";
  private static final String OTHER = "wire-other-token-0123456789";
  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";
  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  @TempDir Path temp;
  private Path workspace;
  private RunningGateway gw;

  @BeforeEach
  void start() throws Exception {
    workspace = Files.createDirectories(temp.resolve("ws")).toRealPath();
    Files.writeString(workspace.resolve("README.md"), "# hi\n");
    Path tokens = temp.resolve("tokens.json");
    Files.writeString(
        tokens,
        """
        {"tokens": [
          {"sha256": "%s", "principal": "planner", "roles": ["ANTIGRAVITY"]},
          {"sha256": "%s", "principal": "other", "roles": ["ANTIGRAVITY"]}
        ]}
        """
            .formatted(sha256(PLANNER), sha256(OTHER)));
    gw =
        RunningGateway.start(
            temp.resolve("home"),
            Map.of(
                "REQUIRE_AUTH", "true",
                "ATLAS_TOKENS_FILE", tokens.toString(),
                "MAX_BODY_BYTES", "65536"));
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  @Test
  void httpLayerFaults_areJsonRpcErrors_withTheGatewayCodeInData() throws Exception {
    String session = initialize(PLANNER);
    assertFault(send(PLANNER, gw.post("/mcp", PING)), 400, -32600, 7, "SESSION_REQUIRED");
    assertFault(
        send(PLANNER, gw.post("/mcp", PING).header("Mcp-Session-Id", "f".repeat(64))),
        404,
        -32001,
        7,
        "SESSION_NOT_FOUND");
    assertFault(
        send(
            PLANNER,
            gw.post("/mcp", PING)
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "1999-01-01")),
        400,
        -32600,
        7,
        "UNSUPPORTED_PROTOCOL_VERSION");
    assertFault(
        send(PLANNER, gw.post("/mcp", PING).header("Origin", "http://evil.example")),
        403,
        -32000,
        null,
        "FORBIDDEN");
    assertFault(gw.send(gw.post("/mcp", PING)), 401, -32000, null, "UNAUTHORIZED");
    assertFault(
        send(PLANNER, gw.post("/mcp", "{\"x\":\"" + "a".repeat(70_000) + "\"}")),
        413,
        -32600,
        null,
        "PAYLOAD_TOO_LARGE");
    assertFault(
        send(PLANNER, gw.post("/mcp", PING).setHeader("Content-Type", "text/plain")),
        415,
        -32600,
        null,
        "UNSUPPORTED_MEDIA_TYPE");
    assertFault(
        send(PLANNER, gw.post("/mcp", PING).setHeader("Accept", "text/html")),
        406,
        -32600,
        7,
        "NOT_ACCEPTABLE");
    assertFault(
        send(PLANNER, HttpRequest.newBuilder(gw.base.resolve("/mcp")).GET()),
        405,
        -32600,
        null,
        "METHOD_NOT_ALLOWED");
  }

  @Test
  void otherEndpoints_keepTheirPlainErrorBodies() throws Exception {
    JsonObject body = (JsonObject) Json.parse(gw.get("/audit/export").body());
    assertThat(body.has("jsonrpc")).isFalse();
    assertThat(body.object("error").orElseThrow().string("code")).contains("UNAUTHORIZED");
  }

  @Test
  void aRefusal_isAnErrorResult_withTheCodeAndDetailsInTextAndNoStructuredContent()
      throws Exception {
    String session = initialize(PLANNER);
    JsonObject result = call(PLANNER, session, "list_files", "{}");
    assertThat(result.get("isError")).contains(Json.of(true));
    assertThat(result.has("structuredContent")).as(result.write()).isFalse();
    String text = text(result);
    assertThat(text).startsWith("[SESSION_REQUIRED] list_files needs a session");
    JsonObject details = (JsonObject) Json.parse(text.substring(text.indexOf('\n') + 1));
    assertThat(details.object("error").orElseThrow().string("code")).contains("SESSION_REQUIRED");
  }

  @Test
  void aGovernanceSession_outlivesItsTransport_untilEndSession() throws Exception {
    String first = initialize(PLANNER);
    String governance = structured(call(PLANNER, first, "begin_session", begin())).orElseThrow();
    HttpResponse<String> deleted =
        send(
            PLANNER,
            HttpRequest.newBuilder(gw.base.resolve("/mcp"))
                .header("Mcp-Session-Id", first)
                .DELETE());
    assertThat(deleted.statusCode()).isEqualTo(204);

    String second = initialize(PLANNER);
    String withId = "{\"session_id\":\"" + governance + "\"}";
    assertThat(isError(call(PLANNER, second, "read_prompt", withId))).isFalse();

    String stranger = initialize(OTHER);
    assertThat(text(call(OTHER, stranger, "read_prompt", withId))).startsWith("[SESSION_EXPIRED]");

    JsonObject ended = call(PLANNER, second, "end_session", withId);
    assertThat(ended.object("structuredContent").orElseThrow())
        .isEqualTo(JsonObject.builder().put("session_id", governance).put("ended", true).build());
    assertThat(text(call(PLANNER, second, "read_prompt", withId))).startsWith("[SESSION_EXPIRED]");
  }

  @Test
  void endSession_freesTheConnectionForANewSession() throws Exception {
    String transport = initialize(PLANNER);
    call(PLANNER, transport, "begin_session", begin());
    assertThat(isError(call(PLANNER, transport, "end_session", "{}"))).isFalse();
    assertThat(text(call(PLANNER, transport, "list_files", "{}"))).startsWith("[SESSION_EXPIRED]");
    assertThat(isError(call(PLANNER, transport, "begin_session", begin()))).isFalse();
    assertThat(isError(call(PLANNER, transport, "list_files", "{}"))).isFalse();
  }

  private String begin() {
    return "{\"workspace_root\":\"" + workspace + "\",\"role\":\"ANTIGRAVITY\"}";
  }

  @Test
  void faultsAnsweredBeforeTheBodyIsRead_leaveTheConnectionUsable() throws Exception {
    // Refused on the headers alone: the body must still be read, or the server closes the
    // connection after its answer and the client's next request on it finds nobody there.
    for (int i = 0; i < 300; i++) {
      assertFault(gw.send(gw.post("/mcp", PING)), 401, -32000, null, "UNAUTHORIZED");
      assertFault(
          send(PLANNER, gw.post("/mcp", PING).header("Origin", "http://evil.example")),
          403,
          -32000,
          null,
          "FORBIDDEN");
    }
    String big = "{\"x\":\"" + "a".repeat(3_000_000) + "\"}";
    assertFault(gw.send(gw.post("/mcp", big)), 401, -32000, null, "UNAUTHORIZED");
    assertFault(gw.send(gw.post("/mcp", PING)), 401, -32000, null, "UNAUTHORIZED");
  }

  private static void assertFault(
      HttpResponse<String> response, int status, int code, Integer id, String gatewayCode) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonObject body = (JsonObject) Json.parse(response.body());
    assertThat(body.string("jsonrpc")).as(response.body()).contains("2.0");
    assertThat(body.get("id"))
        .as(response.body())
        .contains(id == null ? JsonNull.INSTANCE : Json.of((long) id));
    JsonObject error = body.object("error").orElseThrow();
    assertThat(error.get("code")).as(response.body()).contains(Json.of(code));
    assertThat(error.string("message")).isPresent();
    assertThat(error.object("data").flatMap(d -> d.string("code")))
        .as(response.body())
        .contains(gatewayCode);
  }

  private String initialize(String token) throws Exception {
    HttpResponse<String> response = send(token, gw.post("/mcp", INIT));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  private JsonObject call(String token, String transport, String tool, String args)
      throws Exception {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\""
            + tool
            + "\",\"arguments\":"
            + args
            + "}}";
    HttpResponse<String> response =
        send(
            token,
            gw.post("/mcp", body)
                .header("Mcp-Session-Id", transport)
                .header("MCP-Protocol-Version", "2025-11-25"));
    String json = response.body();
    if (json.startsWith("event:") || json.contains("\ndata: ")) {
      // An SSE answer (begin_session announces list_changed first): the response is the last event.
      String last = json.substring(json.lastIndexOf("data: ") + 6).strip();
      json = last;
    }
    return ((JsonObject) Json.parse(json)).object("result").orElseThrow();
  }

  private HttpResponse<String> send(String token, HttpRequest.Builder request) throws Exception {
    return gw.send(request.header("Authorization", "Bearer " + token));
  }

  private static java.util.Optional<String> structured(JsonObject result) {
    return result.object("structuredContent").flatMap(s -> s.string("session_id"));
  }

  private static boolean isError(JsonObject result) {
    return result.get("isError").map(Json.of(true)::equals).orElse(false);
  }

  private static String text(JsonObject result) {
    return ((JsonObject)
            ((dev.atlasgate.json.JsonArray) result.get("content").orElseThrow()).elements().get(0))
        .string("text")
        .orElseThrow();
  }

  private static String sha256(String token) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
  }
}
