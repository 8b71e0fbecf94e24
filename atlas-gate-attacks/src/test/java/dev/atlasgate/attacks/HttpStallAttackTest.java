package dev.atlasgate.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.server.HttpGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stalling the network server: two hostile clients send the glob that once pinned a CPU each, and
 * the health endpoint must still answer within a second while they are in flight.
 */
class HttpStallAttackTest {
  @TempDir Path temp;
  private Governed governed;
  private HttpGateway server;
  private URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void setUp() throws Exception {
    governed =
        Governed.start(
            temp, Map.of("MCP_PORT", "0", "RATE_LIMIT_RPS", "1000", "RATE_LIMIT_BURST", "1000"));
    server = HttpGateway.start(governed.wiring, governed.metrics, "attacks");
    base = URI.create("http://127.0.0.1:" + server.port());
  }

  @AfterEach
  void tearDown() {
    server.close();
    governed.close();
  }

  private CompletableFuture<HttpResponse<String>> post(String body) {
    return http.sendAsync(
        HttpRequest.newBuilder(base.resolve("/mcp"))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .timeout(GlobStallAttackTest.GUARD)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String begin(String role) throws Exception {
    String body =
        post("{\"tool\": \"begin_session\", \"workspace_root\": %s, \"role\": \"%s\"}"
                .formatted(Governed.quote(governed.workspace), role))
            .get()
            .body();
    return ((JsonObject) Json.parse(body))
        .object("result")
        .flatMap(r -> r.string("session_id"))
        .orElseThrow(() -> new AssertionError(body));
  }

  /**
   * Sends {@code calls} at once, checks that {@code /health/live} answers within a second while
   * they are in flight, then answers their bodies.
   */
  private List<String> healthWhileInFlight(List<String> calls) throws Exception {
    List<CompletableFuture<HttpResponse<String>>> stalls = calls.stream().map(this::post).toList();

    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(base.resolve("/health/live"))
                .timeout(Duration.ofSeconds(1))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);

    List<String> bodies = new java.util.ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> stall : stalls) {
      bodies.add(assertTimeoutPreemptively(GlobStallAttackTest.GUARD, () -> stall.get()).body());
    }
    return bodies;
  }

  @Test
  void healthAnswersWithinASecond_whileTwoClientsLintStallingGlobs() throws Exception {
    List<String> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 2; i++) {
      calls.add(
          "{\"tool\": \"lint_plan\", \"session_id\": \"%s\", \"plan\": %s}"
              .formatted(begin("ANTIGRAVITY"), GlobStallAttackTest.stallPlan()));
    }
    for (String body : healthWhileInFlight(calls)) {
      assertThat(body).contains("\"success\":true", "PHASE_SCOPE_OUTSIDE");
    }
  }

  @Test
  void healthAnswersWithinASecond_whileTwoClientsListADeepTreeWithStallingGlobs() throws Exception {
    String expected = GlobStallAttackTest.deepTree(governed.workspace);
    List<String> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 2; i++) {
      calls.add(
          "{\"tool\": \"list_files\", \"session_id\": \"%s\", \"glob\": \"%s\"}"
              .formatted(begin("WINDSURF"), GlobStallAttackTest.DEEP_GLOB));
    }
    for (String body : healthWhileInFlight(calls)) {
      assertThat(body).contains("\"success\":true", "\"path\":\"" + expected + "\"");
    }
  }
}
