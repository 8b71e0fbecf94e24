package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonParser;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The governed flow every transport must carry, driven by a real MCP client: a planner saves a
 * plan, an operator approves it, an executor writes in scope, every refusal is named, the operator
 * revokes, and the audit chain holds one entry for every call, refused ones included.
 */
final class GovernedFlow {
  /** The operator's acts, through the CLI or the admin endpoint. */
  interface Operator {
    void approve(String planHash) throws Exception;

    void revoke(String planHash) throws Exception;
  }

  private final Path workspace;
  private final List<String> calls = new ArrayList<>();

  GovernedFlow(Path workspace) throws IOException {
    this.workspace = workspace;
    Files.createDirectories(workspace.resolve("src"));
    Files.createDirectories(workspace.resolve(".git"));
    Files.writeString(workspace.resolve(".git/config"), "[core]\n");
    Files.writeString(workspace.resolve("README.md"), "# demo\n");
  }

  /** The tools called and operator acts done so far, in order, as the audit log must show them. */
  List<String> calls() {
    return List.copyOf(calls);
  }

  /** Runs the flow with clients that {@code connect} opens for a role; answers the plan's hash. */
  String run(Function<String, McpSyncClient> connect, Operator operator) throws Exception {
    String planHash;
    try (McpSyncClient planner = connect.apply("ANTIGRAVITY")) {
      assertRefused(call(planner, "list_files", Map.of()), "SESSION_REQUIRED");
      assertRefused(call(planner, "read_file", Map.of("path", "README.md")), "SESSION_REQUIRED");

      Map<String, Object> session = ok(call(planner, "begin_session", begin("ANTIGRAVITY")));
      assertThat(session).containsEntry("role", "ANTIGRAVITY").containsKey("session_id");
      assertThat(toolNames(planner))
          .contains("save_plan", "lint_plan")
          .doesNotContain("write_file");
      assertRefused(call(planner, "begin_session", begin("ANTIGRAVITY")), "SESSION_ALREADY_ACTIVE");
      assertRefused(
          call(planner, "write_file", writeArgs("src/app.txt", "x", "0".repeat(64), "BUILD")),
          "ROLE_FORBIDDEN");

      Map<String, Object> lint =
          ok(call(planner, "lint_plan", Map.of("plan", Map.of("plan_id", "bad"))));
      assertThat(lint).containsEntry("passed", false);
      assertRefused(
          call(planner, "save_plan", Map.of("plan", Map.of("plan_id", "bad"))), "PLAN_LINT_FAILED");

      Map<String, Object> saved = ok(call(planner, "save_plan", Map.of("plan", plan())));
      assertThat(saved).containsEntry("status", "DRAFT");
      planHash = (String) saved.get("plan_hash");
      assertThat(planHash).matches("[0-9a-f]{64}");
      assertThat(ok(call(planner, "read_file", Map.of("path", "README.md"))))
          .containsEntry("content", "# demo\n");
    }

    try (McpSyncClient executor = connect.apply("WINDSURF")) {
      ok(call(executor, "begin_session", begin("WINDSURF")));
      assertThat(toolNames(executor))
          .contains("write_file")
          .doesNotContain("save_plan", "lint_plan");
      assertRefused(
          call(executor, "write_file", writeArgs("src/app.txt", "hello", planHash, "BUILD")),
          "PLAN_NOT_APPROVED");
      assertRefused(call(executor, "save_plan", Map.of("plan", plan())), "ROLE_FORBIDDEN");

      operator.approve(planHash);
      calls.add("plan_approve");

      Map<String, Object> written =
          ok(call(executor, "write_file", writeArgs("src/app.txt", "hello", planHash, "BUILD")));
      assertThat(written).containsEntry("path", "src/app.txt").containsEntry("bytes", 5);
      assertThat(written.get("audit_seq")).isInstanceOf(Number.class);
      assertThat(Files.readString(workspace.resolve("src/app.txt"))).isEqualTo("hello");

      assertRefused(
          call(executor, "write_file", writeArgs("docs/notes.md", "x", planHash, "BUILD")),
          "PATH_NOT_IN_PLAN_SCOPE");
      assertRefused(
          call(executor, "write_file", writeArgs("src/app.txt", "x", planHash, "DEPLOY")),
          "PHASE_NOT_IN_PLAN");
      assertRefused(
          call(executor, "write_file", writeArgs("../escape.txt", "x", planHash, "BUILD")),
          "PATH_OUTSIDE_WORKSPACE");
      assertRefused(
          call(executor, "write_file", writeArgs(".git/config", "x", planHash, "BUILD")),
          "PATH_PROTECTED");
      assertRefused(call(executor, "read_file", Map.of("path", ".git/config")), "PATH_PROTECTED");
      assertThat(Files.exists(workspace.resolveSibling("escape.txt"))).isFalse();

      operator.revoke(planHash);
      calls.add("plan_revoke");
      assertRefused(
          call(executor, "write_file", writeArgs("src/app.txt", "again", planHash, "BUILD")),
          "PLAN_NOT_APPROVED");
      assertThat(Files.readString(workspace.resolve("src/app.txt"))).isEqualTo("hello");

      Map<String, Object> verified = ok(call(executor, "verify_audit_log", Map.of()));
      assertThat(verified).containsEntry("valid", true);

      Map<String, Object> ended = ok(call(executor, "end_session", Map.of()));
      assertThat(ended).containsEntry("ended", true);
      assertRefused(call(executor, "list_files", Map.of()), "SESSION_EXPIRED");
    }
    return planHash;
  }

  /** The tool of every entry in a JSONL audit file, in order. */
  static List<String> auditedTools(Path auditFile) throws IOException {
    List<String> tools = new ArrayList<>();
    for (String line : Files.readAllLines(auditFile, StandardCharsets.UTF_8)) {
      int start = line.indexOf("\"tool\":\"") + 8;
      tools.add(line.substring(start, line.indexOf('"', start)));
    }
    return tools;
  }

  McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
    calls.add(tool);
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
  }

  Map<String, Object> begin(String role) {
    return Map.of("workspace_root", workspace.toString(), "role", role);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> ok(McpSchema.CallToolResult result) {
    assertThat(result.isError()).as("%s", result).isFalse();
    assertThat(result.content()).hasSize(1);
    return (Map<String, Object>) result.structuredContent();
  }

  /**
   * A refusal as SPEC §2 has it: {@code isError}, no {@code structuredContent}, one text block
   * {@code [CODE] message} whose last line is {@code {"error": {"code", "message", ...}}}.
   */
  static void assertRefused(McpSchema.CallToolResult result, String code) {
    assertThat(result.isError()).as("%s", result).isTrue();
    assertThat(result.structuredContent()).as("%s", result).isNull();
    assertThat(result.content()).as("%s", result).hasSize(1);
    String text = ((McpSchema.TextContent) result.content().get(0)).text();
    assertThat(text).startsWith("[" + code + "] ");
    JsonObject error =
        ((JsonObject) JsonParser.parse(text.substring(text.lastIndexOf('\n') + 1), 64))
            .object("error")
            .orElseThrow();
    assertThat(error.string("code")).as(text).contains(code);
    assertThat(error.string("message")).as(text).isPresent();
  }

  private static List<String> toolNames(McpSyncClient client) {
    return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
  }

  private static Map<String, Object> writeArgs(
      String path, String content, String planHash, String phase) {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("path", path);
    args.put("content", content);
    args.put("plan_hash", planHash);
    args.put("phase_id", phase);
    args.put("intent", "Write the application entry point.");
    return args;
  }

  private static Map<String, Object> plan() {
    return Map.of(
        "plan_id",
        "APP_BOOTSTRAP",
        "version",
        1,
        "title",
        "Bootstrap the application",
        "objective",
        "Create the first source file of the application.",
        "scope",
        Map.of("allow", List.of("src/**"), "deny", List.of("src/secrets/**")),
        "phases",
        List.of(
            Map.of(
                "phase_id",
                "BUILD",
                "objective",
                "Write the entry point.",
                "allow",
                List.of("src/*.txt"))),
        "verification",
        List.of("The file src/app.txt exists."));
  }
}
