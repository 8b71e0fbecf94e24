package dev.atlasgate.bench;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The run's preparation through the gateway itself: a plan saved by a planner session and approved
 * by an operator through {@code POST /admin/plans/{hash}/approve}, and the file the reads read.
 */
final class PlanSetup {
  static final String PHASE = "LOAD";

  private final SSLContext tls;
  private final BenchConfig config;

  PlanSetup(SSLContext tls, BenchConfig config) {
    this.tls = tls;
    this.config = config;
  }

  /** A plan that an approved plan hash and phase allow writes under. */
  record PlanRef(String planHash, String phase) {}

  /** Saves the run's plan as the planner and approves it as the operator. */
  PlanRef approve(BenchConfig.PlanSource.Approve tokens) throws InterruptedException {
    McpSession planner = session(tokens.planner());
    try {
      open(planner, "ANTIGRAVITY");
      JsonObject saved =
          expect(
              planner.callTool("save_plan", JsonObject.builder().put("plan", plan()).build()),
              "save_plan");
      String hash = structured(saved).string("plan_hash").orElseThrow();
      approveOverHttp(tokens.operator(), hash);
      return new PlanRef(hash, PHASE);
    } finally {
      planner.close();
    }
  }

  /** Writes the file that the reads read, as the executor. */
  void seed(PlanRef plan) throws InterruptedException {
    McpSession executor = session(config.token());
    try {
      open(executor, "WINDSURF");
      expect(
          executor.callTool("write_file", Workload.write(plan, config.readPath(), "seed\n")),
          "write_file " + config.readPath());
    } finally {
      executor.close();
    }
  }

  /** The plan of this run: anything under its directory (and the write directory). */
  JsonObject plan() {
    Set<String> allow =
        new LinkedHashSet<>(List.of(config.runDir() + "/", config.writeDir() + "/"));
    return JsonObject.builder()
        .put("plan_id", "LOAD_TEST")
        .put("version", 1)
        .put("title", "Load test " + config.runId())
        .put("objective", "Files written by the load generator in run " + config.runId() + ".")
        .put(
            "scope",
            JsonObject.builder()
                .put("allow", new JsonArray(allow.stream().<Json>map(Json::of).toList()))
                .build())
        .put(
            "phases",
            JsonArray.of(
                JsonObject.builder()
                    .put("phase_id", PHASE)
                    .put("objective", "Each client writes its own file.")
                    .build()))
        .put(
            "verification",
            JsonArray.of(Json.of("The load generator counts each acknowledged write.")))
        .build();
  }

  private void approveOverHttp(Token operator, String hash) throws InterruptedException {
    URI approve = config.url().resolve("/admin/plans/" + hash + "/approve");
    String body = JsonObject.builder().put("workspace", config.workspace()).build().write();
    String[] headers = {"Authorization", operator.header(), "Content-Type", "application/json"};
    try (HttpConnection http = connection(approve)) {
      HttpConnection.Reply response =
          http.exchange("POST", headers, body.getBytes(StandardCharsets.UTF_8));
      if (response.status() != 200) {
        throw new BenchException(
            "approving plan "
                + hash
                + " at "
                + approve
                + " answered "
                + response.status()
                + ": "
                + response.body());
      }
    } catch (IOException e) {
      throw new BenchException("approving plan " + hash + " at " + approve + " failed: " + e, e);
    }
  }

  private McpSession session(Token token) {
    return new McpSession(connection(config.url()), token, config.instanceHeader());
  }

  private HttpConnection connection(URI uri) {
    return new HttpConnection(uri, tls, config.connectTimeout(), config.requestTimeout());
  }

  private void open(McpSession session, String role) throws InterruptedException {
    expect(session.initialize("atlas-gate-bench-setup"), "initialize");
    expect(session.initialized(), "notifications/initialized");
    expect(
        session.callTool("begin_session", Workload.begin(config.workspace(), role)),
        "begin_session as " + role);
  }

  private static JsonObject expect(Outcome outcome, String what) {
    return switch (outcome) {
      case Outcome.Ok ok -> ok.result();
      case Outcome.Failed failed ->
          throw new BenchException(what + " failed (" + failed.kind() + "): " + failed.detail());
    };
  }

  static JsonObject structured(JsonObject result) {
    return result.object("structuredContent").orElse(JsonObject.EMPTY);
  }
}
