package dev.atlasgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code tools/call} over Streamable HTTP asks of the session store: one read of the
 * transport and its session together, and writes only when something changed or a renewal is due.
 */
class SessionRoundTripsTest {
  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private static final String READ =
      "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":"
          + "{\"name\":\"read_file\",\"arguments\":{\"path\":\"README.md\"}}}";
  private static final List<String> OPERATIONS =
      List.of("find_bound", "find_transport", "find", "save", "save_transport", "delete");

  @TempDir Path temp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private RunningGateway gw;
  private String transport;

  @BeforeEach
  void start() throws Exception {
    Path workspace = Files.createDirectories(temp.resolve("ws"));
    Files.writeString(workspace.resolve("README.md"), "# hi\n");
    gw = RunningGateway.start(temp.resolve("home"), Map.of(), clock);
    HttpResponse<String> initialized = gw.send(gw.post("/mcp", INIT));
    transport = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
    String begun =
        rpc("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"begin_session\",\"arguments\":{\"workspace_root\":\""
                + workspace.toRealPath()
                + "\",\"role\":\"WINDSURF\"}}}")
            .body();
    assertThat(begun).contains("\"session_id\"");
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  private HttpResponse<String> rpc(String body) throws Exception {
    return gw.send(
        gw.post("/mcp", body)
            .header("Mcp-Session-Id", transport)
            .header("MCP-Protocol-Version", "2025-11-25"));
  }

  private Map<String, Long> operations() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String operation : OPERATIONS) {
      counts.put(operation, gw.gateway.metrics().storeOperations("session", operation));
    }
    return counts;
  }

  private Map<String, Long> since(Map<String, Long> before) {
    Map<String, Long> delta = new LinkedHashMap<>();
    operations().forEach((operation, count) -> delta.put(operation, count - before.get(operation)));
    return delta;
  }

  @Test
  void toolsCall_readsTransportAndSessionOnce_andWritesNothingWithinTheSlack() throws Exception {
    Map<String, Long> before = operations();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(30));
      assertThat(rpc(READ).body()).contains("# hi");
    }
    assertThat(since(before))
        .containsEntry("find_bound", 5L)
        .containsEntry("find_transport", 0L)
        .containsEntry("find", 0L)
        .containsEntry("save", 0L)
        .containsEntry("save_transport", 0L);
  }

  @Test
  void afterTheSlack_oneCallRenewsTheTransportAndTheSession_theNextNothing() throws Exception {
    clock.advance(Duration.ofMinutes(3));
    Map<String, Long> before = operations();
    assertThat(rpc(READ).body()).contains("# hi");
    assertThat(since(before))
        .containsEntry("find_bound", 1L)
        .containsEntry("save", 1L)
        .containsEntry("save_transport", 1L);
    before = operations();
    assertThat(rpc(READ).body()).contains("# hi");
    assertThat(since(before)).containsEntry("save", 0L).containsEntry("save_transport", 0L);
    clock.advance(Duration.ofMinutes(59));
    assertThat(rpc(READ).body()).as("renewed for a whole hour").contains("# hi");
  }

  @Test
  void endSession_isWrittenAtOnce_andTheToolListChanges() throws Exception {
    HttpResponse<String> ended =
        rpc(
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"end_session\",\"arguments\":{}}}");
    assertThat(ended.body()).contains("notifications/tools/list_changed").contains("\"ended\"");
    assertThat(rpc(READ).body()).contains("SESSION_EXPIRED");
  }
}
