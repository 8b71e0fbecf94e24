package dev.atlasgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.server.Metrics;
import dev.atlasgate.session.Leases;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code tools/call} over Streamable HTTP asks of the remote stores in steady state, counted
 * by the store meters around the real Redis session store and PostgreSQL plan store of two
 * instances: no session or plan store request while the lease on the bound session or on the
 * approval holds, and an end_session or a revocation through one instance that stops calls or
 * writes on the other once it has answered.
 */
class StoreRoundTripsIT {
  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
  private static final String PLAN =
      "{\"plan_id\":\"ROUND_TRIPS\",\"version\":1,\"title\":\"Notes\",\"objective\":\"Write notes.\","
          + "\"scope\":{\"allow\":[\"notes/**\"]},\"phases\":[{\"phase_id\":\"WRITE\","
          + "\"objective\":\"Write.\"}]}";
  private static final List<String> SESSION_OPERATIONS =
      List.of(
          "find_bound",
          "find_transport",
          "find",
          "save",
          "save_transport",
          "delete",
          "delete_transport",
          "count_active",
          "count_sessions",
          "count_transports",
          "least_recent_session",
          "least_recent_transport");
  private static final List<String> PLAN_OPERATIONS =
      List.of("find", "list", "save", "approve", "revoke", "workspaces");
  private static final int CALLS = 25;

  @TempDir static Path temp;
  private static InstancePair pair;
  private static Path workspace;
  private static Instance a;
  private static Instance b;
  private static String transport;
  private static String planHash;

  @BeforeAll
  static void start() throws Exception {
    pair = InstancePair.start(temp);
    workspace = pair.workspace();
    a = pair.a();
    b = pair.b();
    transport = a.send(a.post(INIT)).headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(
            call(
                "begin_session",
                "{\"workspace_root\":\"" + workspace + "\",\"role\":\"WINDSURF\"}"))
        .contains("\"session_id\"");
    planHash = approvedPlan(PLAN);
  }

  @AfterAll
  static void stop() {
    pair.close();
  }

  /** {@code plan} saved through b by a planner, and approved through b's admin endpoint. */
  private static String approvedPlan(String plan) throws Exception {
    String planner = b.begin(workspace, "ANTIGRAVITY");
    String hash =
        b.compact(
                "{\"tool\":\"save_plan\",\"session_id\":\"" + planner + "\",\"plan\":" + plan + "}")
            .result()
            .string("plan_hash")
            .orElseThrow();
    assertThat(admin(b, hash, "approve").statusCode()).isEqualTo(200);
    return hash;
  }

  private static HttpResponse<String> admin(Instance instance, String hash, String action)
      throws Exception {
    return instance.send(
        HttpRequest.newBuilder(instance.base.resolve("/admin/plans/" + hash + "/" + action))
            .header("Authorization", "Bearer " + Instance.TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"workspace\":\"" + workspace + "\"}")));
  }

  /** A tools/call on instance a, in the MCP session begun there; answers the body. */
  private static String call(String tool, String arguments) throws Exception {
    return call(a, transport, tool, arguments);
  }

  /** A tools/call on {@code instance} in the MCP session {@code mcpSession}; answers the body. */
  private static String call(Instance instance, String mcpSession, String tool, String arguments)
      throws Exception {
    HttpResponse<String> response =
        instance.send(
            instance
                .post(
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\""
                        + tool
                        + "\",\"arguments\":"
                        + arguments
                        + "}}")
                .header("Mcp-Session-Id", mcpSession)
                .header("MCP-Protocol-Version", "2025-11-25"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static String write(int i) throws Exception {
    return call(
        "write_file",
        "{\"path\":\"notes/n"
            + (i % 5)
            + ".md\",\"content\":\"note "
            + i
            + "\",\"plan_hash\":\""
            + planHash
            + "\",\"phase_id\":\"WRITE\",\"intent\":\"keep a note\"}");
  }

  private static Map<String, Long> operations(String store, List<String> names) {
    Metrics metrics = a.metrics;
    Map<String, Long> counts = new LinkedHashMap<>();
    names.forEach(n -> counts.put(n, metrics.storeOperations(store, n)));
    return counts;
  }

  private static Map<String, Long> since(Map<String, Long> before, String store) {
    Map<String, Long> delta = new LinkedHashMap<>();
    operations(store, List.copyOf(before.keySet()))
        .forEach((n, count) -> delta.put(n, count - before.get(n)));
    return delta;
  }

  private static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void readFile_inSteadyState_makesASessionStoreRequestPerLeaseAtMost_andNoPlanStoreRequest()
      throws Exception {
    call("read_file", "{\"path\":\"README.md\"}");
    Map<String, Long> sessions = operations("session", SESSION_OPERATIONS);
    Map<String, Long> plans = operations("plan", PLAN_OPERATIONS);
    long start = System.nanoTime();
    for (int i = 0; i < CALLS; i++) {
      assertThat(call("read_file", "{\"path\":\"README.md\"}")).contains("# app");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertOneSessionReadPerLeaseAtMost(since(sessions, "session"), took);
    assertThat(total(since(plans, "plan"))).isZero();
  }

  /** Session store requests of calls that took {@code took}: reads of a bound snapshot only. */
  private static void assertOneSessionReadPerLeaseAtMost(Map<String, Long> delta, Duration took) {
    assertThat(delta.get("find_bound")).as("took %s", took).isLessThanOrEqualTo(leases(took));
    assertThat(total(delta)).as("%s", delta).isEqualTo(delta.get("find_bound"));
  }

  /** How many leases a run of calls that took {@code took} can have needed at most. */
  private static long leases(Duration took) {
    return took.toNanos() / Leases.LEASE.toNanos() + 1;
  }

  @Test
  void aSessionEndedThroughB_servesNoCallOnA_onceItHasAnswered() throws Exception {
    String mcp = a.send(a.post(INIT)).headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(
            call(
                a,
                mcp,
                "begin_session",
                "{\"workspace_root\":\"" + workspace + "\",\"role\":\"WINDSURF\"}"))
        .contains("\"session_id\"");
    assertThat(call(a, mcp, "read_file", "{\"path\":\"README.md\"}")).contains("# app");

    assertThat(call(b, mcp, "end_session", "{}")).contains("\"ended\":true");

    assertThat(call(a, mcp, "read_file", "{\"path\":\"README.md\"}"))
        .contains("isError\":true")
        .doesNotContain("# app");
  }

  @Test
  void writeFile_inSteadyState_makesASessionAndAPlanStoreRequestPerLeaseAtMost() throws Exception {
    assertThat(write(-1)).contains("\"audit_seq\"");
    Map<String, Long> sessions = operations("session", SESSION_OPERATIONS);
    Map<String, Long> plans = operations("plan", PLAN_OPERATIONS);
    long start = System.nanoTime();
    for (int i = 0; i < CALLS; i++) {
      assertThat(write(i)).contains("\"audit_seq\"").doesNotContain("isError\":true");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertOneSessionReadPerLeaseAtMost(since(sessions, "session"), took);
    Map<String, Long> planDelta = since(plans, "plan");
    assertThat(planDelta.get("find")).as("took %s", took).isLessThanOrEqualTo(leases(took));
    assertThat(total(planDelta)).isEqualTo(planDelta.get("find"));
  }

  @Test
  void aRevocationThroughB_stopsWritesOnA_onceItHasAnswered() throws Exception {
    String hash = approvedPlan(PLAN.replace("\"version\":1", "\"version\":2"));
    String write =
        "{\"path\":\"notes/revoked.md\",\"content\":\"x\",\"plan_hash\":\""
            + hash
            + "\",\"phase_id\":\"WRITE\",\"intent\":\"keep a note\"}";
    assertThat(call("write_file", write)).contains("\"audit_seq\"");

    assertThat(admin(b, hash, "revoke").statusCode()).isEqualTo(200);

    assertThat(call("write_file", write)).contains("PLAN_NOT_APPROVED");
  }
}
