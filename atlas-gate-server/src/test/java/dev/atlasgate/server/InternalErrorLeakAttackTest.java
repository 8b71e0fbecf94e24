package dev.atlasgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A caller that makes the server fail learns nothing of the server: an {@code INTERNAL_ERROR}
 * answer carries neither a server path nor exception text, only a correlation id that the log holds
 * beside the real cause.
 */
class InternalErrorLeakAttackTest {
  private static final String PLAN =
      """
      {"plan_id": "DOCS_UPDATE", "version": 1, "title": "Update the docs",
       "objective": "Refresh the guide.", "scope": {"allow": ["docs/**"]},
       "phases": [{"phase_id": "WRITE", "objective": "Write the guide."}]}
      """;
  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  @TempDir Path temp;
  private Path workspace;
  private RunningGateway gw;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void setUp() throws Exception {
    workspace = Files.createDirectories(temp.resolve("ws")).toRealPath();
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    gw = RunningGateway.start(temp.resolve("home"), Map.of());
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    gw.close();
  }

  @Test
  void corruptPlanFile_compactAnswerHasCorrelationIdAndNoPath() throws Exception {
    String session = begin();
    String hash = corruptPlan(session);

    JsonObject answer =
        gw.compact(
            "{\"tool\":\"read_plan\",\"session_id\":\""
                + session
                + "\",\"plan_hash\":\""
                + hash
                + "\"}");

    JsonObject error = answer.object("error").orElseThrow(() -> new AssertionError(answer));
    assertThat(error.string("code")).contains("INTERNAL_ERROR");
    assertLeaksNothing(answer.write(), error.string("correlation_id").orElseThrow());
  }

  @Test
  void corruptPlanFile_toolResultHasCorrelationIdAndNoPath() throws Exception {
    String session = begin();
    String hash = corruptPlan(session);
    HttpResponse<String> init = gw.send(gw.post("/mcp", INIT));
    String transport = init.headers().firstValue("Mcp-Session-Id").orElseThrow();

    HttpResponse<String> call =
        gw.send(
            gw.post(
                    "/mcp",
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"read_plan\",\"arguments\":{\"session_id\":\""
                        + session
                        + "\",\"plan_hash\":\""
                        + hash
                        + "\"}}}")
                .header("Mcp-Session-Id", transport)
                .header("MCP-Protocol-Version", "2025-11-25"));

    String body = call.body();
    assertThat(body).contains("[INTERNAL_ERROR]").contains("\"isError\":true");
    String text = body.substring(body.indexOf("correlation id ") + "correlation id ".length());
    assertLeaksNothing(body, text.substring(0, 36));
  }

  private void assertLeaksNothing(String answer, String correlationId) {
    assertThat(answer)
        .doesNotContain(temp.toString())
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .contains(correlationId);
    assertThat(logs.list)
        .as("the log holds the correlation id with the cause")
        .anyMatch(
            e -> e.getFormattedMessage().contains(correlationId) && e.getThrowableProxy() != null);
  }

  private String begin() throws Exception {
    JsonObject begun =
        gw.compact(
            "{\"tool\":\"begin_session\",\"workspace_root\":\""
                + workspace
                + "\",\"role\":\"ANTIGRAVITY\"}");
    return begun.object("result").orElseThrow().string("session_id").orElseThrow();
  }

  /** Saves a plan, then overwrites its stored document wherever the plan store keeps it. */
  private String corruptPlan(String session) throws Exception {
    JsonObject saved =
        gw.compact(
            "{\"tool\":\"save_plan\",\"session_id\":\"" + session + "\",\"plan\":" + PLAN + "}");
    String hash =
        saved
            .object("result")
            .orElseThrow(() -> new AssertionError(saved))
            .string("plan_hash")
            .orElseThrow();
    List<Path> documents;
    try (Stream<Path> files = Files.walk(temp)) {
      documents = files.filter(p -> p.getFileName().toString().equals(hash + ".json")).toList();
    }
    assertThat(documents).isNotEmpty();
    for (Path document : documents) {
      Files.writeString(document, "{\"not\": \"the plan\"}");
    }
    assertThat(Json.parse(Files.readString(documents.getFirst()))).isNotNull();
    return hash;
  }
}
