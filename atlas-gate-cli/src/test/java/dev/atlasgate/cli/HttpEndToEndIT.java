package dev.atlasgate.cli;

import static dev.atlasgate.cli.GovernedFlow.assertRefused;
import static dev.atlasgate.cli.GovernedFlow.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atlas-gate serve} as a remote gateway: the governed flow with a real MCP client over
 * Streamable HTTP and through {@code atlas-gate connect}, approval through the admin endpoint,
 * least-privilege tokens, and a graceful SIGTERM with a request in flight.
 */
class HttpEndToEndIT {
  private static final String PLANNER = "it-planner-token-7f3a9c";
  private static final String EXECUTOR = "it-executor-token-51be02";
  private static final String OPERATOR = "it-operator-token-c4d801";

  @TempDir Path temp;
  private Path workspace;
  private Path auditFile;
  private GatewayProcesses gateways;
  private GatewayProcesses.Server server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void setUp() throws Exception {
    workspace = Files.createDirectories(temp.resolve("workspace")).toRealPath();
    Path home = temp.resolve("home");
    auditFile = home.resolve("audit.jsonl");
    Path tokens = temp.resolve("tokens.json");
    Files.writeString(
        tokens,
        """
        {"tokens": [
          {"sha256": "%s", "principal": "planner-agent", "roles": ["ANTIGRAVITY"]},
          {"sha256": "%s", "principal": "executor-agent", "roles": ["WINDSURF"]},
          {"sha256": "%s", "principal": "alice", "roles": ["OPERATOR"]}
        ]}
        """
            .formatted(sha256(PLANNER), sha256(EXECUTOR), sha256(OPERATOR)));
    gateways = new GatewayProcesses(home);
    server =
        gateways.serve(
            Map.of(
                "REQUIRE_AUTH", "true",
                "ATLAS_TOKENS_FILE", tokens.toString(),
                "RATE_LIMIT_RPS", "1000",
                "RATE_LIMIT_BURST", "1000",
                "SHUTDOWN_GRACE_SECONDS", "20"));
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    server.close();
  }

  @Test
  void governedFlow_overStreamableHttp() throws Exception {
    runFlow(role -> GatewayProcesses.http(server.endpoint(), token(role)));
  }

  @Test
  void governedFlow_throughTheStdioBridge() throws Exception {
    runFlow(role -> gateways.bridged(server.endpoint(), token(role)));
  }

  @Test
  void aGovernanceSession_outlivesTheConnectProcessThatBeganIt() throws Exception {
    GovernedFlow flow = new GovernedFlow(workspace);
    String session;
    try (McpSyncClient first = gateways.bridged(server.endpoint(), PLANNER)) {
      session =
          (String)
              ok(flow.call(first, "begin_session", flow.begin("ANTIGRAVITY"))).get("session_id");
    }
    // The connect process ended and DELETEd its transport session; the governance session lives.
    Map<String, Object> withId = Map.of("session_id", session);
    try (McpSyncClient second = gateways.bridged(server.endpoint(), PLANNER)) {
      assertThat(ok(flow.call(second, "read_prompt", withId))).containsEntry("role", "ANTIGRAVITY");
    }
    try (McpSyncClient overHttp = GatewayProcesses.http(server.endpoint(), PLANNER)) {
      ok(flow.call(overHttp, "list_plans", withId));
    }
    try (McpSyncClient stranger = gateways.bridged(server.endpoint(), EXECUTOR)) {
      assertRefused(flow.call(stranger, "read_prompt", withId), "SESSION_EXPIRED");
    }
    try (McpSyncClient last = GatewayProcesses.http(server.endpoint(), PLANNER)) {
      assertThat(ok(flow.call(last, "end_session", withId))).containsEntry("ended", true);
      assertRefused(flow.call(last, "read_prompt", withId), "SESSION_EXPIRED");
    }
    assertThat(GovernedFlow.auditedTools(auditFile)).containsExactlyElementsOf(flow.calls());
  }

  @Test
  void bridge_reportsARefusedTokenAsAnError() {
    assertThatThrownBy(() -> gateways.bridged(server.endpoint(), "not-a-token").close())
        .hasStackTraceContaining("HTTP 401");
  }

  @Test
  void sigterm_letsTheRequestInFlightFinish_thenExitsZero() throws Exception {
    String begin =
        "{\"tool\":\"begin_session\",\"workspace_root\":\""
            + workspace
            + "\",\"role\":\"WINDSURF\"}";
    byte[] body = begin.getBytes(StandardCharsets.UTF_8);
    try (Socket socket =
        new Socket(InetAddress.getLoopbackAddress(), server.endpoint().getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Authorization: Bearer "
                  + EXECUTOR
                  + "\r\nConnection: close\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 10);
      out.flush();
      awaitRequestsInFlight(2); // this one, and the scrape that counts it

      server.sigterm();
      waitForLog("shutting down", 30);
      assertThat(server.process().isAlive()).isTrue();

      out.write(body, 10, body.length - 10);
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 200").contains("\"success\":true");
    }
    assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(server.process().exitValue()).isZero();
    assertThat(server.log()).anyMatch(l -> l.contains("atlas-gate serve stopped"));
    assertThat(GovernedFlow.auditedTools(auditFile)).containsExactly("begin_session");
    GatewayProcesses.Result verify = gateways.run("audit", "verify");
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
  }

  private void runFlow(Function<String, McpSyncClient> connect) throws Exception {
    GovernedFlow flow = new GovernedFlow(workspace);
    flow.run(
        connect,
        new GovernedFlow.Operator() {
          @Override
          public void approve(String planHash) throws Exception {
            assertThat(admin(planHash, "approve", EXECUTOR).statusCode()).isEqualTo(403);
            HttpResponse<String> approved = admin(planHash, "approve", OPERATOR);
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            assertThat(approved.body()).contains("\"status\":\"APPROVED\"");
          }

          @Override
          public void revoke(String planHash) throws Exception {
            HttpResponse<String> revoked = admin(planHash, "revoke", OPERATOR);
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
          }
        });
    assertThat(GovernedFlow.auditedTools(auditFile)).containsExactlyElementsOf(flow.calls());
    assertThat(Files.readString(auditFile))
        .contains("\"principal\":\"alice\"")
        .doesNotContain(PLANNER, EXECUTOR, OPERATOR);
    GatewayProcesses.Result verify = gateways.run("audit", "verify", "--json");
    assertThat(verify.exit()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("\"entries_checked\":" + flow.calls().size());
  }

  private HttpResponse<String> admin(String planHash, String action, String token)
      throws IOException, InterruptedException {
    URI uri = server.endpoint().resolve("/admin/plans/" + planHash + "/" + action);
    return http.send(
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString("{\"workspace\":\"" + workspace + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String token(String role) {
    return role.equals("ANTIGRAVITY") ? PLANNER : EXECUTOR;
  }

  /** Waits (bounded) until /metrics reports {@code count} HTTP requests being handled. */
  private void awaitRequestsInFlight(int count) throws Exception {
    URI metrics = server.endpoint().resolve("/metrics");
    String wanted = "mcp_http_requests_active " + count + ".0";
    for (int i = 0; i < 600; i++) {
      String text =
          http.send(
                  HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET().build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      if (text.contains(wanted)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the server never had " + count + " requests in flight");
  }

  /** Waits (bounded) until the server's log has a line containing {@code text}. */
  private void waitForLog(String text, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (server.log().stream().noneMatch(l -> l.contains(text))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no log line with \""
                + text
                + "\" in "
                + server.log()
                + (server.process().isAlive()
                    ? "; the server runs"
                    : "; the server exited with " + server.process().exitValue()));
      }
      Thread.sleep(20);
    }
  }

  private static String sha256(String token) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
  }
}
