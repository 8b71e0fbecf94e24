package dev.atlasgate.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.bootstrap.Wiring;
import dev.atlasgate.bootstrap.config.SettingsLoader;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.gateway.CallContext;
import dev.atlasgate.gateway.Gateway;
import dev.atlasgate.gateway.Principal;
import dev.atlasgate.gateway.SessionBinding;
import dev.atlasgate.gateway.ToolResult;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.PlanHash;
import dev.atlasgate.server.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real gateway as the local shape wires it (file audit, file plans, memory sessions), with its
 * state in {@code <temp>/state} and one workspace, {@code <temp>/workspaces/ws}, that the operator
 * allows; and agents that talk to it through nothing but its tools.
 */
final class Governed implements AutoCloseable {
  final Path home;
  final Path workspaces;
  final Path workspace;
  final Wiring wiring;
  final Metrics metrics;
  final Gateway gateway;

  private Governed(Path home, Path workspaces, Path workspace, Wiring wiring, Metrics metrics) {
    this.home = home;
    this.workspaces = workspaces;
    this.workspace = workspace;
    this.wiring = wiring;
    this.metrics = metrics;
    this.gateway = wiring.gateway();
  }

  /** A gateway under {@code temp}; {@code environment} adds to or overrides the defaults. */
  static Governed start(Path temp, Map<String, String> environment) throws Exception {
    Path home = Files.createDirectories(temp.resolve("state")).toRealPath();
    Path workspaces = Files.createDirectories(temp.resolve("workspaces")).toRealPath();
    Path workspace = Files.createDirectories(workspaces.resolve("ws")).toRealPath();
    Path userHome = Files.createDirectories(temp.resolve("user-home"));
    Map<String, String> env = new HashMap<>();
    env.put("ATLAS_HOME", home.toString());
    env.put("ATLAS_WORKSPACES", workspaces.toString());
    env.put("ATLAS_INSTANCE_ID", "attacks");
    env.putAll(environment);
    Metrics metrics = new Metrics();
    Wiring wiring = Wiring.open(SettingsLoader.load(env, Map.of(), userHome), metrics);
    return new Governed(home, workspaces, workspace, wiring, metrics);
  }

  static Governed start(Path temp) throws Exception {
    return start(temp, Map.of());
  }

  /** A new connection of a fully trusted caller, not yet bound to a session. */
  Agent connect() {
    return new Agent(
        gateway, new CallContext(Principal.trusted("agent"), SessionBinding.inMemory()));
  }

  /** A connection bound to a session in {@code role} on {@code root}. */
  Agent agent(String role, Path root) {
    Agent agent = connect();
    ok(
        agent.call(
            "begin_session", "{\"workspace_root\": %s, \"role\": \"%s\"}", quote(root), role));
    return agent;
  }

  Agent planner() {
    return agent("ANTIGRAVITY", workspace);
  }

  Agent executor() {
    return agent("WINDSURF", workspace);
  }

  /** Saves {@code plan} as the planner and has the operator approve it; answers its hash. */
  String approvedPlan(String plan) {
    String hash = savedPlan(plan);
    wiring.operatorActions().approve(workspace, PlanHash.parse(hash).orElseThrow(), "operator");
    return hash;
  }

  String savedPlan(String plan) {
    return ok(planner().call("save_plan", "{\"plan\": %s}", plan))
        .string("plan_hash")
        .orElseThrow();
  }

  static String quote(Object value) {
    return Json.of(value.toString()).write();
  }

  static JsonObject ok(ToolResult result) {
    assertThat(result)
        .as(() -> result instanceof ToolResult.Refused r ? r.text() : result.toString())
        .isInstanceOf(ToolResult.Success.class);
    return ((ToolResult.Success) result).structured();
  }

  static ToolResult.Refused refused(ToolResult result) {
    assertThat(result).as(result::toString).isInstanceOf(ToolResult.Refused.class);
    return (ToolResult.Refused) result;
  }

  static ToolResult.Refused refused(ToolResult result, ErrorCode code) {
    ToolResult.Refused refusal = refused(result);
    assertThat(refusal.code()).as(refusal.text()).isEqualTo(code);
    return refusal;
  }

  @Override
  public void close() {
    wiring.close();
  }

  /** One caller's connection to the gateway. */
  record Agent(Gateway gateway, CallContext context) {
    /** Calls {@code tool} with the JSON object {@code argsFormat} formatted with {@code values}. */
    // @FormatMethod lives in Error Prone's annotations, which the tests do not depend on; a wrong
    // format fails the test that uses it at once.
    @SuppressWarnings("AnnotateFormatMethod")
    ToolResult call(String tool, String argsFormat, Object... values) {
      return gateway.call(context, tool, (JsonObject) Json.parse(argsFormat.formatted(values)));
    }
  }
}
