package dev.atlasgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Who may reach the gateway and how much: bearer tokens with least-privilege grants, the operator
 * and auditor endpoints, rate limits, session limits, and the limits on slow or oversized input.
 */
class AccessHttpTest {
  private static final String PLANNER = "planner-token-0123456789";
  private static final String EXECUTOR = "executor-token-0123456789";
  private static final String OPERATOR = "operator-token-0123456789";
  private static final String AUDITOR = "auditor-token-0123456789";
  private static final String ELSEWHERE = "elsewhere-token-0123456789";
  private static final List<String> TOKENS =
      List.of(PLANNER, EXECUTOR, OPERATOR, AUDITOR, ELSEWHERE);
  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private static final String PLAN =
      """
      {"plan_id": "DOCS_UPDATE", "version": 1, "title": "Update the docs",
       "objective": "Refresh the guide.", "scope": {"allow": ["docs/**"]},
       "phases": [{"phase_id": "WRITE", "objective": "Write the guide."}]}
      """;

  @TempDir Path temp;
  private Path workspace;
  private Path other;
  private Path tokensFile;
  private RunningGateway gw;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void setUp() throws Exception {
    workspace = Files.createDirectories(temp.resolve("ws")).toRealPath();
    other = Files.createDirectories(temp.resolve("other")).toRealPath();
    tokensFile = temp.resolve("tokens.json");
    Files.writeString(
        tokensFile,
        """
        {"tokens": [
          {"sha256": "%s", "principal": "planner", "roles": ["ANTIGRAVITY"], "workspaces": ["%s"]},
          {"sha256": "%s", "principal": "executor", "roles": ["WINDSURF"], "workspaces": ["%s"]},
          {"sha256": "%s", "principal": "alice-operator", "roles": ["OPERATOR"]},
          {"sha256": "%s", "principal": "auditor", "roles": ["AUDITOR"]},
          {"sha256": "%s", "principal": "elsewhere", "roles": ["WINDSURF"], "workspaces": ["%s"]}
        ]}
        """
            .formatted(
                sha256(PLANNER),
                workspace,
                sha256(EXECUTOR),
                workspace,
                sha256(OPERATOR),
                sha256(AUDITOR),
                sha256(ELSEWHERE),
                other));
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    if (gw != null) {
      gw.close();
    }
  }

  private void start(Map<String, String> extra) throws Exception {
    Map<String, String> env = new java.util.HashMap<>(extra);
    env.put("REQUIRE_AUTH", "true");
    env.put("ATLAS_TOKENS_FILE", tokensFile.toString());
    gw = RunningGateway.start(temp.resolve("home"), env);
  }

  private static String sha256(String token) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  private HttpResponse<String> compact(String token, String body) throws Exception {
    return gw.send(gw.post("/mcp", body).header("Authorization", "Bearer " + token));
  }

  private static JsonObject json(HttpResponse<String> response) {
    return (JsonObject) Json.parse(response.body());
  }

  private static String code(HttpResponse<String> response) {
    JsonObject error = json(response).object("error").orElseThrow();
    // /mcp answers JSON-RPC errors with the gateway's code in data; the other endpoints plain ones.
    return error.object("data").orElse(error).string("code").orElseThrow();
  }

  private String beginSession(String token, String role, Path root) throws Exception {
    HttpResponse<String> begun =
        compact(
            token,
            "{\"tool\":\"begin_session\",\"workspace_root\":\""
                + root
                + "\",\"role\":\""
                + role
                + "\"}");
    assertThat(begun.statusCode()).as(begun.body()).isEqualTo(200);
    return json(begun).object("result").orElseThrow().string("session_id").orElseThrow();
  }

  @Test
  void missingOrBadToken_is401WithTheResourceMetadata() throws Exception {
    start(Map.of());
    HttpResponse<String> none = gw.send(gw.post("/mcp", INIT));
    assertThat(none.statusCode()).isEqualTo(401);
    String expected =
        "Bearer resource_metadata=\"" + gw.base + "/.well-known/oauth-protected-resource\"";
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains(expected);
    assertThat(code(none)).isEqualTo("UNAUTHORIZED");

    HttpResponse<String> bad = compact("not-a-known-token", INIT);
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).endsWith("error=\"invalid_token\""));
    HttpResponse<String> basic =
        gw.send(gw.post("/mcp", INIT).header("Authorization", "Basic " + PLANNER));
    assertThat(basic.statusCode()).isEqualTo(401);

    JsonObject metadata = json(gw.get("/.well-known/oauth-protected-resource"));
    assertThat(metadata.string("resource")).contains(gw.base + "/mcp");
    assertThat(gw.get("/metrics").body()).contains("mcp_auth_failures_total 3.0");
    assertThat(gw.get("/health").statusCode()).isEqualTo(200);
    assertThat(compact(PLANNER, INIT).statusCode()).isEqualTo(200);
  }

  @Test
  void tokenWithoutTheRight_isRefused() throws Exception {
    start(Map.of());
    HttpResponse<String> wrongRole =
        compact(
            PLANNER,
            "{\"tool\":\"begin_session\",\"workspace_root\":\""
                + workspace
                + "\",\"role\":\"WINDSURF\"}");
    assertThat(wrongRole.statusCode()).isEqualTo(403);
    assertThat(code(wrongRole)).isEqualTo("ROLE_FORBIDDEN");

    HttpResponse<String> wrongWorkspace =
        compact(
            ELSEWHERE,
            "{\"tool\":\"begin_session\",\"workspace_root\":\""
                + workspace
                + "\",\"role\":\"WINDSURF\"}");
    assertThat(code(wrongWorkspace)).isEqualTo("WORKSPACE_INVALID");
    assertThat(json(wrongWorkspace).object("error").orElseThrow().string("message"))
        .hasValueSatisfying(m -> assertThat(m).contains("elsewhere may not bind"));

    assertThat(gw.send(exportRequest(PLANNER)).statusCode()).isEqualTo(403);
    assertThat(gw.send(exportRequest(AUDITOR)).statusCode()).isEqualTo(200);
    assertThat(gw.send(exportRequest(OPERATOR)).statusCode()).isEqualTo(200);
    HttpResponse<String> agentApproves =
        gw.send(approveRequest(PLANNER, "a".repeat(64), workspace));
    assertThat(agentApproves.statusCode()).isEqualTo(403);
    assertThat(code(agentApproves)).isEqualTo("FORBIDDEN");
  }

  @Test
  void operatorApprovesThroughTheAdminEndpoint_andTheExecutorWrites() throws Exception {
    start(Map.of());
    String planner = beginSession(PLANNER, "ANTIGRAVITY", workspace);
    HttpResponse<String> saved =
        compact(
            PLANNER,
            "{\"tool\":\"save_plan\",\"session_id\":\"" + planner + "\",\"plan\":" + PLAN + "}");
    String hash = json(saved).object("result").orElseThrow().string("plan_hash").orElseThrow();

    HttpResponse<String> unknown = gw.send(approveRequest(OPERATOR, "b".repeat(64), workspace));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(code(unknown)).isEqualTo("PLAN_NOT_FOUND");
    HttpResponse<String> noWorkspace =
        gw.send(
            HttpRequest.newBuilder(gw.base.resolve("/admin/plans/" + hash + "/approve"))
                .header("Authorization", "Bearer " + OPERATOR)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(noWorkspace.statusCode()).isEqualTo(400);
    assertThat(noWorkspace.body()).contains("workspace is required");

    HttpResponse<String> approved = gw.send(approveRequest(OPERATOR, hash, workspace));
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(json(approved).string("status")).contains("APPROVED");
    assertThat(gw.send(approveRequest(OPERATOR, hash, workspace)).statusCode()).isEqualTo(409);

    String executor = beginSession(EXECUTOR, "WINDSURF", workspace);
    HttpResponse<String> written =
        compact(
            EXECUTOR,
            "{\"tool\":\"write_file\",\"session_id\":\""
                + executor
                + "\",\"path\":\"docs/guide.md\",\"content\":\"# Guide\\n\",\"plan_hash\":\""
                + hash
                + "\",\"phase_id\":\"WRITE\",\"intent\":\"write the guide\"}");
    assertThat(json(written).get("success")).as(written.body()).contains(Json.of(true));
    assertThat(workspace.resolve("docs/guide.md")).hasContent("# Guide\n");

    HttpResponse<String> ended =
        gw.send(
            HttpRequest.newBuilder(gw.base.resolve("/admin/sessions/" + executor))
                .header("Authorization", "Bearer " + OPERATOR)
                .DELETE());
    assertThat(ended.statusCode()).isEqualTo(204);
    HttpResponse<String> afterEnd =
        compact(
            EXECUTOR,
            "{\"tool\":\"read_file\",\"session_id\":\""
                + executor
                + "\",\"path\":\"docs/guide.md\"}");
    assertThat(code(afterEnd)).isIn("SESSION_EXPIRED", "SESSION_REQUIRED");

    String audit = gw.send(exportRequest(AUDITOR)).body();
    assertThat(audit).contains("\"principal\":\"alice-operator\"").contains(hash);
    assertThat(audit).contains("\"principal\":\"executor\"");
    for (String token : TOKENS) {
      assertThat(audit).doesNotContain(token);
      assertThat(Files.readString(temp.resolve("home/audit.jsonl"))).doesNotContain(token);
      assertThat(logs.list)
          .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(token));
    }
  }

  @Test
  void rateLimit_isPerPrincipal_with429AndRetryAfter() throws Exception {
    start(Map.of("RATE_LIMIT_RPS", "0.01", "RATE_LIMIT_BURST", "2"));
    assertThat(compact(PLANNER, INIT).statusCode()).isEqualTo(200);
    assertThat(compact(PLANNER, INIT).statusCode()).isEqualTo(200);
    HttpResponse<String> limited = compact(PLANNER, INIT);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(code(limited)).isEqualTo("RATE_LIMITED");
    assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong))
        .hasValueSatisfying(s -> assertThat(s).isBetween(1L, 100L));
    assertThat(compact(EXECUTOR, INIT).statusCode()).isEqualTo(200);
    assertThat(gw.get("/metrics").body()).contains("mcp_rate_limited_total 1.0");
  }

  @Test
  void oversizedHeaders_andSilentClients_areCutOff() throws Exception {
    start(Map.of("IDLE_TIMEOUT_SECONDS", "1", "MAX_BODY_BYTES", "2048"));
    HttpResponse<String> bigHeader =
        gw.send(gw.post("/mcp", INIT).header("X-Padding", "p".repeat(20_000)));
    assertThat(bigHeader.statusCode()).isEqualTo(431);
    HttpResponse<String> bigBody = compact(PLANNER, "{\"x\":\"" + "a".repeat(4096) + "\"}");
    assertThat(bigBody.statusCode()).isEqualTo(413);
    assertThat(code(bigBody)).isEqualTo("PAYLOAD_TOO_LARGE");

    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gw.base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 1000\r\n\r\n{\"tool\":")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The server must close the connection: a read timeout here would fail the test.
      InputStream in = socket.getInputStream();
      byte[] answer = in.readAllBytes();
      String text = new String(answer, StandardCharsets.US_ASCII);
      assertThat(text.isEmpty() || !text.startsWith("HTTP/1.1 200")).as(text).isTrue();
    }
    assertThat(compact(PLANNER, INIT).statusCode()).isEqualTo(200);
  }

  private HttpRequest.Builder exportRequest(String token) {
    return HttpRequest.newBuilder(gw.base.resolve("/audit/export?format=jsonl"))
        .header("Authorization", "Bearer " + token)
        .GET();
  }

  private HttpRequest.Builder approveRequest(String token, String hash, Path root) {
    return HttpRequest.newBuilder(gw.base.resolve("/admin/plans/" + hash + "/approve"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"workspace\":\"" + root + "\"}"));
  }
}
