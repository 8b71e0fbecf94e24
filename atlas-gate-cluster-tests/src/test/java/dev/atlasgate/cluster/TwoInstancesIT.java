package dev.atlasgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway instances on one PostgreSQL and one Redis, as behind a load balancer without sticky
 * sessions: any instance serves any session, plans approved through one are enforced by the other,
 * and concurrent writers on both keep one gap-free chain.
 */
class TwoInstancesIT {
  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
  private static final String PLAN =
      "{\"plan_id\":\"CLUSTER_DOCS\",\"version\":1,\"title\":\"Docs\",\"objective\":\"Write docs.\","
          + "\"scope\":{\"allow\":[\"docs/**\"]},\"phases\":[{\"phase_id\":\"WRITE\","
          + "\"objective\":\"Write.\"}]}";

  @TempDir static Path temp;
  private static InstancePair pair;
  private static Backends backends;
  private static Path workspace;
  private static Instance a;
  private static Instance b;

  @BeforeAll
  static void start() throws Exception {
    pair = InstancePair.start(temp);
    backends = pair.backends();
    workspace = pair.workspace();
    a = pair.a();
    b = pair.b();
  }

  @AfterAll
  static void stop() {
    pair.close();
  }

  private static HttpResponse<String> rpc(Instance instance, String session, String body)
      throws Exception {
    return instance.send(
        instance
            .post(body)
            .header("Mcp-Session-Id", session)
            .header("MCP-Protocol-Version", "2025-11-25"));
  }

  @Test
  void anMcpSessionBegunOnOneInstance_goesOnThroughTheOther() throws Exception {
    HttpResponse<String> initialized = a.send(a.post(INIT));
    String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> begun =
        rpc(
            a,
            session,
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"begin_session\",\"arguments\":{\"workspace_root\":\""
                + workspace
                + "\",\"role\":\"WINDSURF\"}}}");
    assertThat(begun.body()).contains("\"session_id\"");

    HttpResponse<String> read =
        rpc(
            b,
            session,
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"read_file\",\"arguments\":{\"path\":\"README.md\"}}}");
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).contains("# app").doesNotContain("SESSION_REQUIRED");
    assertThat(rpc(b, session, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}").body())
        .contains("write_file")
        .doesNotContain("save_plan");

    HttpResponse<String> ended =
        b.send(
            HttpRequest.newBuilder(b.base.resolve("/mcp"))
                .header("Authorization", "Bearer " + Instance.TOKEN)
                .header("Mcp-Session-Id", session)
                .DELETE());
    assertThat(ended.statusCode()).isEqualTo(204);
    assertThat(rpc(a, session, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}").statusCode())
        .isEqualTo(404);
  }

  @Test
  void aPlanSavedOnOne_approvedThroughTheOther_authorisesWritesOnEither() throws Exception {
    String planner = a.begin(workspace, "ANTIGRAVITY");
    Instance.Answer saved =
        a.compact(
            "{\"tool\":\"save_plan\",\"session_id\":\"" + planner + "\",\"plan\":" + PLAN + "}");
    String hash = saved.result().string("plan_hash").orElseThrow();

    String executor = b.begin(workspace, "WINDSURF");
    String write =
        "{\"tool\":\"write_file\",\"session_id\":\""
            + executor
            + "\",\"path\":\"docs/cluster.md\",\"content\":\"# shared\\n\",\"plan_hash\":\""
            + hash
            + "\",\"phase_id\":\"WRITE\",\"intent\":\"document the cluster\"}";
    assertThat(a.compact(write).errorCode()).contains("PLAN_NOT_APPROVED");

    HttpResponse<String> approved =
        b.send(
            HttpRequest.newBuilder(b.base.resolve("/admin/plans/" + hash + "/approve"))
                .header("Authorization", "Bearer " + Instance.TOKEN)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString("{\"workspace\":\"" + workspace + "\"}")));
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);

    Instance.Answer written = a.compact(write);
    assertThat(written.success()).as("%s", written.body()).isTrue();
    assertThat(workspace.resolve("docs/cluster.md")).hasContent("# shared");
  }

  @Test
  void eightWritersPerInstance_keepOneGapFreeChain() throws Exception {
    long before = headSeq();
    AtomicInteger calls = new AtomicInteger();
    List<Callable<Integer>> clients = new ArrayList<>();
    for (Instance instance : List.of(a, b)) {
      for (int c = 0; c < 8; c++) {
        int client = c;
        clients.add(
            () -> {
              String session = instance.begin(workspace, "WINDSURF");
              calls.incrementAndGet();
              int ok = 0;
              for (int i = 0; i < 15; i++) {
                String tool = (i + client) % 3 == 0 ? "list_files" : "read_file";
                String args = tool.equals("read_file") ? ",\"path\":\"README.md\"" : "";
                Instance.Answer answer =
                    instance.compact(
                        "{\"tool\":\""
                            + tool
                            + "\",\"session_id\":\""
                            + session
                            + "\""
                            + args
                            + "}");
                calls.incrementAndGet();
                if (answer.success()) {
                  ok++;
                }
              }
              return ok;
            });
      }
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      for (Future<Integer> client : pool.invokeAll(clients)) {
        assertThat(client.get()).isEqualTo(15);
      }
    }

    List<Long> seqs = new ArrayList<>();
    Set<String> instances = new HashSet<>();
    String export = a.get("/audit/export?format=jsonl&from_seq=" + (before + 1)).body();
    for (String line : export.lines().toList()) {
      JsonObject entry = (JsonObject) Json.parse(line);
      seqs.add(((JsonNumber) entry.get("seq").orElseThrow()).value().longValue());
      instances.add(entry.string("instance").orElseThrow());
    }
    assertThat(seqs).hasSize(calls.get());
    for (int i = 0; i < seqs.size(); i++) {
      assertThat(seqs.get(i)).isEqualTo(before + 1 + i);
    }
    assertThat(instances).containsExactlyInAnyOrder("gw-a", "gw-b");

    String verifier = b.begin(workspace, "WINDSURF");
    Instance.Answer verified =
        b.compact("{\"tool\":\"verify_audit_log\",\"session_id\":\"" + verifier + "\"}");
    assertThat(verified.result().get("valid")).contains(Json.of(true));
  }

  @Test
  void sessionsOutliveEveryInstance() throws Exception {
    Path roots = workspace.getParent();
    String session;
    String transport;
    try (Instance first = Instance.start("gw-old", backends, temp.resolve("home-old"), roots)) {
      session = first.begin(workspace, "WINDSURF");
      transport = first.send(first.post(INIT)).headers().firstValue("Mcp-Session-Id").orElseThrow();
    }
    try (Instance next = Instance.start("gw-new", backends, temp.resolve("home-new"), roots)) {
      Instance.Answer read =
          next.compact(
              "{\"tool\":\"read_file\",\"session_id\":\"" + session + "\",\"path\":\"README.md\"}");
      assertThat(read.success()).as("%s", read.body()).isTrue();
      assertThat(
              rpc(next, transport, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}")
                  .statusCode())
          .isEqualTo(200);
    }
  }

  private static long headSeq() throws Exception {
    String export = a.get("/audit/export?format=jsonl").body();
    List<String> lines = export.lines().toList();
    if (lines.isEmpty()) {
      return 0;
    }
    JsonObject last = (JsonObject) Json.parse(lines.getLast());
    return ((JsonNumber) last.get("seq").orElseThrow()).value().longValue();
  }
}
