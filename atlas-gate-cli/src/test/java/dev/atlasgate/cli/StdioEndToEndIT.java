package dev.atlasgate.cli;

import static dev.atlasgate.cli.GovernedFlow.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The governed flow over stdio with a real MCP client, as an IDE runs it: {@code ./atlas-gate stdio
 * --role ROLE} per agent, and a human approving with {@code atlas-gate plan approve}.
 */
class StdioEndToEndIT {
  @TempDir Path temp;
  private Path workspace;
  private Path auditFile;
  private GatewayProcesses gateways;

  @BeforeEach
  void setUp() throws IOException {
    workspace = Files.createDirectories(temp.resolve("workspace"));
    Path home = temp.resolve("home");
    auditFile = home.resolve("audit.jsonl");
    gateways = new GatewayProcesses(home);
  }

  @Test
  void planApproveWriteVerify_withEveryRefusalNamed() throws Exception {
    GovernedFlow flow = new GovernedFlow(workspace);
    flow.run(
        gateways::client,
        new GovernedFlow.Operator() {
          @Override
          public void approve(String planHash) throws Exception {
            GatewayProcesses.Result approve =
                // As a person types it: a short hash, no workspace (the audit log knows it).
                gateways.run(
                    "plan", "approve", planHash.substring(0, 12), "--approver", "alice", "--yes");
            assertThat(approve.exit()).as(approve.err()).isZero();
            assertThat(approve.out()).contains("APPROVED");
          }

          @Override
          public void revoke(String planHash) throws Exception {
            GatewayProcesses.Result revoke =
                gateways.run("plan", "revoke", planHash, "--workspace", workspace.toString());
            assertThat(revoke.exit()).as(revoke.err()).isZero();
          }
        });

    assertThat(GovernedFlow.auditedTools(auditFile)).containsExactlyElementsOf(flow.calls());
    GatewayProcesses.Result verify = gateways.run("audit", "verify", "--json");
    assertThat(verify.exit()).as(verify.err()).isZero();
    assertThat(verify.out())
        .contains("\"valid\":true")
        .contains("\"entries_checked\":" + flow.calls().size());
  }

  @Test
  void auditVerify_findsAnEditedEntry() throws Exception {
    GovernedFlow flow = new GovernedFlow(workspace);
    try (McpSyncClient planner = gateways.client("ANTIGRAVITY")) {
      ok(flow.call(planner, "begin_session", flow.begin("ANTIGRAVITY")));
      ok(flow.call(planner, "read_file", Map.of("path", "README.md")));
      ok(flow.call(planner, "list_files", Map.of()));
    }
    List<String> lines = Files.readAllLines(auditFile, StandardCharsets.UTF_8);
    lines.set(1, lines.get(1).replace("\"read_file\"", "\"list_plans\""));
    Files.write(auditFile, lines, StandardCharsets.UTF_8);

    GatewayProcesses.Result verify =
        gateways.run("audit", "verify", "--file", auditFile.toString());
    assertThat(verify.exit()).isEqualTo(1);
    assertThat(verify.out()).contains("first_invalid_seq 2").contains("HASH_MISMATCH");
  }
}
