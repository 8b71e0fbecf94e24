package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole governed flow over stdio with a real MCP client, as an IDE runs it: a planner saves a
 * plan, a human approves it with the CLI, an executor writes in scope, every refusal is named, and
 * the audit chain holds an entry for every call.
 */
class StdioEndToEndIT {
  @TempDir Path temp;
  private Path workspace;
  private Path auditFile;
  private GatewayProcesses gateways;
  private final List<String> calls = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    workspace = Files.createDirectories(temp.resolve("workspace"));
    Files.createDirectories(workspace.resolve("src"));
    Files.createDirectories(workspace.resolve(".git"));
    Files.writeString(workspace.resolve(".git/config"), "[core]\n");
    Files.writeString(workspace.resolve("README.md"), "# demo\n");
    Path home = temp.resolve("home");
    auditFile = home.resolve("audit.jsonl");
    gateways = new GatewayProcesses(home);
  }

  @Test
  void planApproveWriteVerify_withEveryRefusalNamed() throws Exception {
    String planHash;
    try (McpSyncClient planner = gateways.client("ANTIGRAVITY")) {
      assertThat(toolNames(planner))
          .contains("save_plan", "lint_plan")
          .doesNotContain("write_file");
      assertRefused(call(planner, "list_files", Map.of()), "SESSION_REQUIRED");
      assertRefused(call(planner, "read_file", Map.of("path", "README.md")), "SESSION_REQUIRED");

      Map<String, Object> session =
          ok(call(planner, "begin_session", Map.of("workspace_root", workspace.toString())));
      assertThat(session).containsEntry("role", "ANTIGRAVITY").containsKey("session_id");
      assertRefused(
          call(planner, "begin_session", Map.of("workspace_root", workspace.toString())),
          "SESSION_ALREADY_ACTIVE");
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

    try (McpSyncClient executor = gateways.client("WINDSURF")) {
      assertThat(toolNames(executor))
          .contains("write_file")
          .doesNotContain("save_plan", "lint_plan");
      ok(call(executor, "begin_session", Map.of("workspace_root", workspace.toString())));
      assertRefused(
          call(executor, "write_file", writeArgs("src/app.txt", "hello", planHash, "BUILD")),
          "PLAN_NOT_APPROVED");
      assertRefused(call(executor, "save_plan", Map.of("plan", plan())), "ROLE_FORBIDDEN");

      GatewayProcesses.Result approve =
          gateways.run(
              "plan",
              "approve",
              planHash,
              "--workspace",
              workspace.toString(),
              "--approver",
              "alice");
      assertThat(approve.exit()).as(approve.err()).isZero();
      assertThat(approve.out()).contains("APPROVED");
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
      assertThat(Files.exists(temp.resolve("escape.txt"))).isFalse();

      GatewayProcesses.Result revoke =
          gateways.run("plan", "revoke", planHash, "--workspace", workspace.toString());
      assertThat(revoke.exit()).as(revoke.err()).isZero();
      calls.add("plan_revoke");
      assertRefused(
          call(executor, "write_file", writeArgs("src/app.txt", "again", planHash, "BUILD")),
          "PLAN_NOT_APPROVED");
      assertThat(Files.readString(workspace.resolve("src/app.txt"))).isEqualTo("hello");

      Map<String, Object> verified = ok(call(executor, "verify_audit_log", Map.of()));
      assertThat(verified).containsEntry("valid", true);
    }

    List<String> audited = auditedTools();
    assertThat(audited).containsExactlyElementsOf(calls);
    GatewayProcesses.Result verify = gateways.run("audit", "verify", "--json");
    assertThat(verify.exit()).as(verify.err()).isZero();
    assertThat(verify.out())
        .contains("\"valid\":true")
        .contains("\"entries_checked\":" + calls.size());
  }

  @Test
  void auditVerify_findsAnEditedEntry() throws Exception {
    try (McpSyncClient planner = gateways.client("ANTIGRAVITY")) {
      ok(call(planner, "begin_session", Map.of("workspace_root", workspace.toString())));
      ok(call(planner, "read_file", Map.of("path", "README.md")));
      ok(call(planner, "list_files", Map.of()));
    }
    List<String> lines = Files.readAllLines(auditFile, StandardCharsets.UTF_8);
    lines.set(1, lines.get(1).replace("\"read_file\"", "\"list_plans\""));
    Files.write(auditFile, lines, StandardCharsets.UTF_8);

    GatewayProcesses.Result verify =
        gateways.run("audit", "verify", "--file", auditFile.toString());
    assertThat(verify.exit()).isEqualTo(1);
    assertThat(verify.out()).contains("first_invalid_seq 2").contains("HASH_MISMATCH");
  }

  private McpSchema.CallToolResult call(
      McpSyncClient client, String tool, Map<String, Object> args) {
    calls.add(tool);
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> ok(McpSchema.CallToolResult result) {
    assertThat(result.isError()).as("%s", result).isFalse();
    assertThat(result.content()).hasSize(1);
    return (Map<String, Object>) result.structuredContent();
  }

  @SuppressWarnings("unchecked")
  private static void assertRefused(McpSchema.CallToolResult result, String code) {
    assertThat(result.isError()).as("%s", result).isTrue();
    Map<String, Object> error =
        (Map<String, Object>) ((Map<String, Object>) result.structuredContent()).get("error");
    assertThat(error).as("%s", result).containsEntry("code", code);
    assertThat(((McpSchema.TextContent) result.content().get(0)).text())
        .startsWith("[" + code + "] ");
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

  private List<String> auditedTools() throws IOException {
    List<String> tools = new ArrayList<>();
    for (String line : Files.readAllLines(auditFile, StandardCharsets.UTF_8)) {
      int start = line.indexOf("\"tool\":\"") + 8;
      tools.add(line.substring(start, line.indexOf('"', start)));
    }
    return tools;
  }
}
