package dev.atlasgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A principal at its cap of MCP sessions (MAX_SESSIONS_PER_PRINCIPAL) is not locked out until they
 * expire: a new session ends its least recently used one, and the sessions in use go on.
 */
class SessionCapAttackTest {
  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";

  @TempDir Path home;

  @Test
  void mcpSessionCap_endsTheLeastRecentSession_insteadOfLockingOut() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (RunningGateway gw =
        RunningGateway.start(home, Map.of("MAX_SESSIONS_PER_PRINCIPAL", "2"), clock)) {
      String first = initialize(gw);
      String second = initialize(gw);
      // use renews a session once its last renewal is older than the slack (3 min of 1 h)
      clock.advance(Duration.ofMinutes(4));
      assertThat(ping(gw, first).statusCode()).isEqualTo(200);

      HttpResponse<String> third = gw.send(gw.post("/mcp", INIT));

      assertThat(third.statusCode()).as(third.body()).isEqualTo(200);
      String thirdId = third.headers().firstValue("Mcp-Session-Id").orElseThrow();
      assertThat(ping(gw, second).statusCode()).as("the least recent one ended").isEqualTo(404);
      assertThat(ping(gw, first).statusCode()).isEqualTo(200);
      assertThat(ping(gw, thirdId).statusCode()).isEqualTo(200);
      assertThat(
              gw.wiring
                  .sessions()
                  .countTransports(dev.atlasgate.gateway.Principal.anonymous().name()))
          .isLessThanOrEqualTo(2);
    }
  }

  @Test
  void compactBeginSession_isCappedToo_endingTheLeastRecentSession() throws Exception {
    Path workspace = java.nio.file.Files.createDirectories(home.resolve("ws")).toRealPath();
    try (RunningGateway gw =
        RunningGateway.start(home.resolve("state"), Map.of("MAX_SESSIONS_PER_PRINCIPAL", "3"))) {
      java.util.List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ids.add(begin(gw, workspace));
      }

      String principal = dev.atlasgate.gateway.Principal.anonymous().name();
      assertThat(gw.wiring.sessions().countSessions(principal)).isEqualTo(3);
      assertThat(listPlans(gw, ids.getFirst()))
          .as("the least recent ended")
          .contains("SESSION_EXPIRED");
      assertThat(listPlans(gw, ids.getLast())).contains("\"success\":true");
    }
  }

  private static String begin(RunningGateway gw, Path workspace) throws Exception {
    dev.atlasgate.json.JsonObject begun =
        gw.compact(
            "{\"tool\":\"begin_session\",\"workspace_root\":\""
                + workspace
                + "\",\"role\":\"ANTIGRAVITY\"}");
    return begun
        .object("result")
        .orElseThrow(() -> new AssertionError(begun))
        .string("session_id")
        .orElseThrow();
  }

  private static String listPlans(RunningGateway gw, String session) throws Exception {
    return gw.compact("{\"tool\":\"list_plans\",\"session_id\":\"" + session + "\"}").write();
  }

  private static String initialize(RunningGateway gw) throws Exception {
    HttpResponse<String> init = gw.send(gw.post("/mcp", INIT));
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    return init.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  private static HttpResponse<String> ping(RunningGateway gw, String session) throws Exception {
    return gw.send(
        gw.post("/mcp", PING)
            .header("Mcp-Session-Id", session)
            .header("MCP-Protocol-Version", "2025-11-25"));
  }
}
