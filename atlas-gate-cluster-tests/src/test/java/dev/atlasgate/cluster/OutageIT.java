package dev.atlasgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atlasgate.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis and PostgreSQL stopped and started under a running gateway: calls fail closed with the
 * store named, nothing is done without its audit entry, /health says which backend is down, and the
 * gateway recovers by itself once the server is back.
 */
class OutageIT {
  private static final String PLAN =
      "{\"plan_id\":\"OUTAGE_DOCS\",\"version\":1,\"title\":\"Docs\",\"objective\":\"Write docs.\","
          + "\"scope\":{\"allow\":[\"docs/**\"]},\"phases\":[{\"phase_id\":\"WRITE\","
          + "\"objective\":\"Write.\"}]}";

  @TempDir Path temp;
  private Backends backends;
  private Instance gateway;
  private Path workspace;

  @BeforeEach
  void start() throws Exception {
    backends = new Backends(temp.resolve("data"));
    Path roots = Files.createDirectories(temp.resolve("workspaces")).toRealPath();
    workspace = Files.createDirectories(roots.resolve("app"));
    Files.writeString(workspace.resolve("README.md"), "# app\n");
    gateway = Instance.start("gw-outage", backends, temp.resolve("home"), roots);
  }

  @AfterEach
  void stop() {
    gateway.close();
    backends.close();
  }

  private String approvedPlan() throws Exception {
    String planner = gateway.begin(workspace, "ANTIGRAVITY");
    String hash =
        gateway
            .compact(
                "{\"tool\":\"save_plan\",\"session_id\":\"" + planner + "\",\"plan\":" + PLAN + "}")
            .result()
            .string("plan_hash")
            .orElseThrow();
    gateway
        .wiring
        .operatorActions()
        .approve(workspace, dev.atlasgate.plan.PlanHash.parse(hash).orElseThrow(), "ops");
    return hash;
  }

  private String write(String session, String hash, String path) {
    return "{\"tool\":\"write_file\",\"session_id\":\""
        + session
        + "\",\"path\":\""
        + path
        + "\",\"content\":\"x\",\"plan_hash\":\""
        + hash
        + "\",\"phase_id\":\"WRITE\",\"intent\":\"outage test\"}";
  }

  @Test
  void redisDown_callsFailClosed_thenTheGatewayRecovers() throws Exception {
    String session = gateway.begin(workspace, "WINDSURF");
    backends.stopRedis();

    Instance.Answer refused =
        gateway.compact(
            "{\"tool\":\"read_file\",\"session_id\":\"" + session + "\",\"path\":\"README.md\"}");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.errorCode()).contains("SESSION_STORE_UNAVAILABLE");
    var health = gateway.get("/health");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).contains("\"failing\":\"session\"");

    backends.startRedis();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> gateway.get("/health").statusCode() == 200);
    // Redis here keeps nothing on disk: sessions begun before the outage are gone, new ones work.
    String again = gateway.begin(workspace, "WINDSURF");
    Instance.Answer read =
        gateway.compact(
            "{\"tool\":\"read_file\",\"session_id\":\"" + again + "\",\"path\":\"README.md\"}");
    assertThat(read.success()).as("%s", read.body()).isTrue();
  }

  @Test
  void postgresDown_nothingIsWrittenUnaudited_thenTheGatewayRecovers() throws Exception {
    String hash = approvedPlan();
    String executor = gateway.begin(workspace, "WINDSURF");
    backends.stopPostgres();

    Instance.Answer refused = gateway.compact(write(executor, hash, "docs/during-outage.md"));
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.errorCode()).contains("AUDIT_UNAVAILABLE");
    assertThat(workspace.resolve("docs/during-outage.md")).doesNotExist();
    var health = gateway.get("/health");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).contains("\"failing\":\"audit\"");

    backends.startPostgres();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> gateway.get("/health").statusCode() == 200);
    Instance.Answer written = gateway.compact(write(executor, hash, "docs/after-outage.md"));
    assertThat(written.success()).as("%s", written.body()).isTrue();
    assertThat(workspace.resolve("docs/after-outage.md")).exists();
    assertThat(workspace.resolve("docs/during-outage.md")).doesNotExist();

    Instance.Answer verified =
        gateway.compact("{\"tool\":\"verify_audit_log\",\"session_id\":\"" + executor + "\"}");
    assertThat(verified.result().get("valid")).contains(Json.of(true));
    String export = gateway.get("/audit/export?format=jsonl&tool=write_file").body();
    assertThat(export).contains("docs/after-outage.md").doesNotContain("docs/during-outage.md");
  }
}
